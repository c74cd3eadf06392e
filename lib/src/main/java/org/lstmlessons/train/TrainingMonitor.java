package org.lstmlessons.train;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.lstmlessons.charts.Charts;
import org.lstmlessons.charts.LineChart;
import org.lstmlessons.charts.LiveView;

/**
 * A live view of training for a notebook: a chart of minibatch loss and accuracy (plus validation
 * accuracy per epoch) and a progress line with samples/s and ETA, both updated in place. It knows
 * no kernel: the cell hands it the kernel's display functions ({@link LiveView#showIn}),
 *
 * <pre>
 * monitor.showIn(x -&gt; display(x), (id, x) -&gt; updateDisplay(id, x));
 * </pre>
 * and the monitor calls them at most once per {@link #redrawEvery(Duration)} (default 2 s) plus
 * once at the end, so a notebook shows one chart that changes, never hundreds of images. Used by
 * lesson 3 through {@link Trainer#monitor(TrainingMonitor)}.
 */
public final class TrainingMonitor implements LiveView<TrainingMonitor> {

    private final LongSupplier clock;
    private Consumer<BufferedImage> chartSink = img -> { };
    private Consumer<String> progressSink = s -> { };
    private long minIntervalNanos = Duration.ofSeconds(2).toNanos();
    private int width = 480;
    private int height = 320;
    private String title = "training";

    private final List<StepMetrics> steps = new ArrayList<>();
    private final List<EpochMetrics> epochs = new ArrayList<>();
    private int totalSteps;
    private int stepsPerEpoch;
    private int epochCount;
    private int batchSize;
    private long startNanos;
    private long lastDraw = Long.MIN_VALUE;
    private int redraws;
    private String lastLine = "";

    TrainingMonitor(LongSupplier clock) {
        this.clock = clock;
    }

    /** A monitor that draws nothing until given sinks with {@link #onChart} and {@link #onProgress}. */
    public static TrainingMonitor create() {
        return new TrainingMonitor(System::nanoTime);
    }

    /** Where each new chart image goes (e.g. {@code img -> updateDisplay(id, img)}). */
    @Override
    public TrainingMonitor onChart(Consumer<BufferedImage> sink) {
        this.chartSink = sink;
        return this;
    }

    /** Where each new progress line goes (e.g. {@code s -> updateDisplay(id, s)}). */
    @Override
    public TrainingMonitor onProgress(Consumer<String> sink) {
        this.progressSink = sink;
        return this;
    }

    /** Redraw at most this often (default 2 s); the final state is always drawn. */
    public TrainingMonitor redrawEvery(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("TrainingMonitor.redrawEvery: interval must not be negative, got " + interval + ".");
        }
        this.minIntervalNanos = interval.toNanos();
        return this;
    }

    /** Size of each of the two panels (default 480 x 320). */
    public TrainingMonitor panelSize(int w, int h) {
        Charts.line("size check", "x", "y").size(w, h);
        this.width = w;
        this.height = h;
        return this;
    }

    /** The chart's title prefix (default "training"). */
    public TrainingMonitor title(String t) {
        this.title = t;
        return this;
    }

    /** An empty chart of the right size to {@code display(...)} before training starts. */
    @Override
    public BufferedImage placeholder() {
        return Charts.beside(panel("loss", "cross-entropy", List.of(), false).image(),
                panel("accuracy", "share right", List.of(), true).image());
    }

    /** How many times the chart was drawn and handed to the sink. */
    public int redraws() {
        return redraws;
    }

    /** The latest progress line. */
    public String progressLine() {
        return lastLine;
    }

    void start(int epochsPlanned, int stepsPerEpoch, int stepsPlanned, int batch) {
        this.epochCount = epochsPlanned;
        this.stepsPerEpoch = stepsPerEpoch;
        this.totalSteps = stepsPlanned;
        this.batchSize = batch;
        this.startNanos = clock.getAsLong();
        steps.clear();
        epochs.clear();
        publishLine(String.format(Locale.ROOT, "starting: %d epoch%s of %,d minibatches of %d", epochsPlanned,
                epochsPlanned == 1 ? "" : "s", stepsPerEpoch, batch));
    }

    void step(StepMetrics m) {
        steps.add(m);
        long now = clock.getAsLong();
        if (lastDraw == Long.MIN_VALUE || now - lastDraw >= minIntervalNanos) {
            lastDraw = now;
            draw(progress(m, now));
        }
    }

    void epoch(EpochMetrics e) {
        epochs.add(e);
    }

    void finish() {
        long now = clock.getAsLong();
        double seconds = (now - startNanos) / 1e9;
        // every example trained on: an epoch row counts them all, a logged step only up to itself
        long samples = Math.max(epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).samples(),
                steps.isEmpty() ? 0 : steps.get(steps.size() - 1).samples());
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "done: %,d minibatches, %d epoch%s in %s (%,.0f samples/s)",
                totalSteps, epochCount, epochCount == 1 ? "" : "s", clockTime(seconds),
                seconds > 0 ? samples / seconds : 0));
        if (!epochs.isEmpty() && !Double.isNaN(epochs.get(epochs.size() - 1).validationAccuracy())) {
            s.append(String.format(Locale.ROOT, "; validation accuracy %.4f", epochs.get(epochs.size() - 1).validationAccuracy()));
        }
        draw(s.toString());
    }

    private String progress(StepMetrics m, long now) {
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? m.step() * (double) batchSize / seconds : 0;
        double eta = m.step() > 0 ? seconds * (totalSteps - m.step()) / m.step() : 0;
        String line = String.format(Locale.ROOT,
                "epoch %d/%d  step %,d/%,d (%d %%)  loss %.4f  accuracy %.3f  %,.0f samples/s  ETA %s", m.epoch(),
                epochCount, m.step(), totalSteps, totalSteps == 0 ? 0 : 100L * m.step() / totalSteps, m.loss(),
                m.accuracy(), rate, clockTime(eta));
        if (!epochs.isEmpty()) {
            EpochMetrics e = epochs.get(epochs.size() - 1);
            line += String.format(Locale.ROOT, "  (validation %.4f after epoch %d)", e.validationAccuracy(), e.epoch());
        }
        return line;
    }

    private void draw(String line) {
        redraws++;
        chartSink.accept(chart());
        publishLine(line);
    }

    private void publishLine(String line) {
        lastLine = line;
        progressSink.accept(line);
    }

    /** The chart as it is now: loss on the left, accuracy on the right, x = minibatches trained. */
    public BufferedImage chart() {
        return Charts.beside(panel("loss", "cross-entropy", steps, false).image(),
                panel("accuracy", "share right", steps, true).image());
    }

    private LineChart panel(String what, String yTitle, List<StepMetrics> data, boolean accuracy) {
        LineChart c = Charts.line(title + ": " + what, "minibatches trained", yTitle).size(width, height);
        if (data.isEmpty()) {
            return c.series("minibatch", new double[] {0}, new double[] {0});   // an empty chart until the first report
        }
        int n = data.size();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] smooth = new double[n];
        double sum = 0;
        int window = 10;
        for (int i = 0; i < n; i++) {
            x[i] = data.get(i).step();
            y[i] = accuracy ? data.get(i).accuracy() : data.get(i).loss();
            sum += y[i];
            if (i >= window) {
                sum -= accuracy ? data.get(i - window).accuracy() : data.get(i - window).loss();
            }
            smooth[i] = sum / Math.min(i + 1, window);
        }
        c.series("minibatch", x, y).series("mean of last " + window, x, smooth);
        if (accuracy) {
            List<EpochMetrics> withVal = epochs.stream().filter(e -> !Double.isNaN(e.validationAccuracy())).toList();
            if (!withVal.isEmpty()) {
                c.points("validation (per epoch)", withVal.stream()
                        .mapToDouble(e -> Math.min(totalSteps, e.epoch() * (double) stepsPerEpoch)).toArray(),
                        withVal.stream().mapToDouble(EpochMetrics::validationAccuracy).toArray());
            }
        }
        return c;
    }

    /** Seconds as a clock shows them, {@code m:ss} or {@code h:mm:ss} (progress lines). */
    public static String clockTime(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
