package org.lstmlessons.text;

import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.function.Consumer;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.lstmlessons.charts.LiveView;
import org.lstmlessons.train.TrainingMonitor;

/**
 * The training loop of lessons 5 and 6: a language model trained on {@link TextBatches}, its
 * perplexity on a validation text measured every few minibatches, shown live as a chart and a
 * progress line and kept in a {@link PerplexityLog}.
 *
 * <pre>
 * TextTrainer trainer = TextTrainer.of(net).epochs(5).evaluateEvery(100).validation(validation);
 * trainer.showIn(x -&gt; display(x), (id, x) -&gt; updateDisplay(id, x));   // live chart + progress line
 * PerplexityLog log = trainer.fit(train.shuffled(42));
 * </pre>
 * Truncated backpropagation through time, if wanted, is set in the network's configuration
 * ({@code .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(50)}); DL4J then splits every window
 * into segments of that length and carries the state from one segment to the next. Deterministic
 * when the network and the shuffling are seeded and ND4J runs one thread.
 */
public final class TextTrainer implements LiveView<TextTrainer> {

    private final MultiLayerNetwork net;
    private int epochs = 1;
    private int evaluateEvery = 100;
    private TextBatches validation;
    private String title = "language model";
    private String baselineName;
    private double baseline = Double.NaN;
    private Consumer<BufferedImage> chartSink = img -> { };
    private Consumer<String> progressSink = s -> { };

    private TextTrainer(MultiLayerNetwork net) {
        this.net = net;
    }

    /** Trains {@code net}: its updater, learning-rate schedule and truncation are in its configuration. */
    public static TextTrainer of(MultiLayerNetwork net) {
        return new TextTrainer(net);
    }

    /** Passes over the training text (default 1). */
    public TextTrainer epochs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("TextTrainer.epochs: need at least 1, got " + n + ".");
        }
        this.epochs = n;
        return this;
    }

    /** Score the validation text every {@code n} minibatches (default 100), and after the last one. */
    public TextTrainer evaluateEvery(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("TextTrainer.evaluateEvery: need at least 1 minibatch, got " + n + ".");
        }
        this.evaluateEvery = n;
        return this;
    }

    /** The text to measure perplexity on, in order (required). */
    public TextTrainer validation(TextBatches batches) {
        this.validation = batches;
        return this;
    }

    /** The chart's title. */
    public TextTrainer title(String t) {
        this.title = t;
        return this;
    }

    /** A perplexity to beat, drawn as a flat line on the chart (e.g. the frequencies alone). */
    public TextTrainer baseline(String name, double perplexity) {
        this.baselineName = name;
        this.baseline = perplexity;
        return this;
    }

    /** Where each new chart goes (e.g. {@code img -> updateDisplay(id, img)}): once per evaluation. */
    @Override
    public TextTrainer onChart(Consumer<BufferedImage> sink) {
        this.chartSink = sink;
        return this;
    }

    /** Where each new progress line goes: once per evaluation and at the end. */
    @Override
    public TextTrainer onProgress(Consumer<String> sink) {
        this.progressSink = sink;
        return this;
    }

    /** An empty chart of the right size, to {@code display} before training starts. */
    @Override
    public BufferedImage placeholder() {
        return new PerplexityLog().chart(title).image();
    }

    /**
     * Runs the loop: the validation text is scored before the first minibatch, every
     * {@link #evaluateEvery(int)} minibatches and after the last.
     *
     * @param train the training windows, usually {@link TextBatches#shuffled(long)}; each epoch calls
     *              {@code reset()}
     */
    public PerplexityLog fit(TextBatches train) {
        if (validation == null) {
            throw new IllegalStateException("TextTrainer: give the validation text first, with .validation(batches).");
        }
        PerplexityLog log = new PerplexityLog();
        if (baselineName != null) {
            log.baseline(baselineName, baseline);
        }
        int perEpoch = train.windows();
        int total = epochs * perEpoch;
        int segment = lastSegment(net.getLayerWiseConfigurations(), train.steps());
        long t0 = System.nanoTime();
        log.add(new PerplexityPoint(0, 0, 0, Double.NaN, Perplexity.of(net, validation).value(), 0));
        publish(log, String.format(Locale.ROOT, "starting: %d epoch%s of %,d minibatches of %d x %d tokens", epochs,
                epochs == 1 ? "" : "s", perEpoch, train.batch(), train.steps()));
        int step = 0;
        double nllSum = 0;
        int scored = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            train.reset();
            while (train.hasNext()) {
                net.fit(train.next());
                step++;
                nllSum += net.score() / segment;
                scored++;
                if (step % evaluateEvery == 0 || step == total) {
                    double valid = Perplexity.of(net, validation).value();
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    log.add(new PerplexityPoint(step, epoch, step * (long) train.batch() * train.steps(),
                            Math.exp(nllSum / scored), valid, seconds));
                    nllSum = 0;
                    scored = 0;
                    publish(log, step == total
                            ? String.format(Locale.ROOT, "done: %,d minibatches, %d epoch%s in %s (%.1f minibatches/s); "
                                    + "validation perplexity %.2f", total, epochs, epochs == 1 ? "" : "s",
                                    TrainingMonitor.clockTime(seconds), step / seconds, valid)
                            : String.format(Locale.ROOT, "epoch %d/%d  minibatch %,d/%,d (%d %%)  training %.2f  "
                                    + "validation %.2f  %.1f minibatches/s  ETA %s", epoch, epochs, step, total,
                                    100L * step / total, log.last().training(), valid, step / seconds,
                                    TrainingMonitor.clockTime(seconds * (total - step) / step)));
                }
            }
            net.incrementEpochCount();
        }
        return log;
    }

    private void publish(PerplexityLog log, String line) {
        chartSink.accept(log.chart(title).image());
        progressSink.accept(line);
    }

    /**
     * How many time steps DL4J's score after {@code fit} covers: the whole window, or with truncated
     * backpropagation the last segment of it. The score is the loss summed over those steps, averaged
     * over the rows (without weight decay in the configuration).
     */
    static int lastSegment(MultiLayerConfiguration conf, int steps) {
        if (conf.getBackpropType() != BackpropType.TruncatedBPTT) {
            return steps;
        }
        int length = conf.getTbpttFwdLength();
        return steps % length == 0 ? length : steps % length;
    }
}
