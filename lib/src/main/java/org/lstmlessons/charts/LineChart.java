package org.lstmlessons.charts;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line chart described step by step and rendered to an image that a notebook shows inline with
 * {@code display(chart.image())}. Made by {@link Charts#line(String, String, String)}.
 *
 * <p>Rendering is headless (no window, no JavaScript, no CDN): the notebook stores a PNG.
 */
public final class LineChart {

    private record Series(String name, double[] x, double[] y, boolean points) {
    }

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private final List<Series> series = new ArrayList<>();
    private boolean logY;
    private Double yMin;
    private Double yMax;
    private int width = Charts.DEFAULT_WIDTH;
    private int height = Charts.DEFAULT_HEIGHT;

    LineChart(String title, String xTitle, String yTitle) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
    }

    /**
     * Adds a series of points.
     *
     * @throws IllegalArgumentException if x and y differ in length, are empty, or the name is taken
     */
    public LineChart series(String name, double[] x, double[] y) {
        return add(name, x, y, false);
    }

    /**
     * Adds points drawn as markers without a connecting line (e.g. one validation accuracy per
     * epoch next to a per-step curve).
     *
     * @throws IllegalArgumentException if x and y differ in length, are empty, or the name is taken
     */
    public LineChart points(String name, double[] x, double[] y) {
        return add(name, x, y, true);
    }

    private LineChart add(String name, double[] x, double[] y, boolean points) {
        if (x == null || y == null || x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("LineChart.series('" + name + "'): x and y need the same, non-zero length; got "
                    + (x == null ? "null" : x.length) + " and " + (y == null ? "null" : y.length) + ".");
        }
        if (series.stream().anyMatch(s -> s.name().equals(name))) {
            throw new IllegalArgumentException("LineChart.series: a series named '" + name + "' exists already; use another name.");
        }
        series.add(new Series(name, x.clone(), y.clone(), points));
        return this;
    }

    /** Adds the curve of {@code f} sampled at 200 points from {@code from} to {@code to}. */
    public LineChart function(String name, DoubleUnaryOperator f, double from, double to) {
        if (!(to > from)) {
            throw new IllegalArgumentException("LineChart.function('" + name + "'): need from < to, got " + from + " .. " + to + ".");
        }
        int n = 200;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = from + (to - from) * i / (n - 1);
            y[i] = f.applyAsDouble(x[i]);
        }
        return series(name, x, y);
    }

    /** Logarithmic y axis: growth and decay by a constant factor become straight lines. */
    public LineChart logY() {
        this.logY = true;
        return this;
    }

    /** Fixes the y range (for example 0..1 for accuracies). */
    public LineChart yRange(double min, double max) {
        if (!(max > min)) {
            throw new IllegalArgumentException("LineChart.yRange: need min < max, got " + min + " .. " + max + ".");
        }
        this.yMin = min;
        this.yMax = max;
        return this;
    }

    /** Image size in pixels (default 640 x 400). */
    public LineChart size(int width, int height) {
        Charts.checkSize(width, height);
        this.width = width;
        this.height = height;
        return this;
    }

    /** The names of the series added so far, in order. */
    public List<String> seriesNames() {
        return series.stream().map(Series::name).toList();
    }

    /** The chart as an XChart object (a new one each call), for styling beyond this class. */
    public XYChart xchart() {
        if (series.isEmpty()) {
            throw new IllegalStateException("LineChart '" + title + "' has no series; add one with series(...) or function(...).");
        }
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setLegendVisible(series.size() > 1);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        styler.setAntiAlias(true);
        chart.getStyler().setYAxisLogarithmic(logY);
        if (!logY) {
            styler.setYAxisDecimalPattern("0.###"); // XChart's default drops the leading zero (".04")
        }
        if (yMin != null) {
            chart.getStyler().setYAxisMin(yMin);
            chart.getStyler().setYAxisMax(yMax);
        }
        for (Series s : series) {
            XYSeries xs = chart.addSeries(s.name(), s.x(), s.y());
            if (s.points()) {
                xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                xs.setMarker(SeriesMarkers.CIRCLE);
            } else {
                xs.setMarker(SeriesMarkers.NONE);
            }
        }
        breakEqualSpacing(chart);
        return chart;
    }

    /**
     * XChart 4 puts the x ticks exactly at the data points whenever all x values are equally spaced:
     * right for 10 epochs, unreadable for a curve of 500 points (ticks at 0, 26, 52, ...). For dense
     * equally spaced data we add one invisible point half a step after the first, which makes XChart
     * choose round tick values instead.
     */
    private void breakEqualSpacing(XYChart chart) {
        double[] xs = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.x())).distinct().sorted().toArray();
        if (xs.length <= DENSE_POINTS) {
            return;
        }
        double gap = xs[1] - xs[0];
        for (int i = 2; i < xs.length; i++) {
            if (Math.abs(xs[i] - xs[i - 1] - gap) > 1e-9 * Math.max(1, Math.abs(gap))) {
                return; // not equally spaced: XChart already picks round ticks
            }
        }
        Series first = series.get(0);
        XYSeries hidden = chart.addSeries(" ", new double[] {xs[0] + gap / 2}, new double[] {first.y()[0]});
        hidden.setShowInLegend(false);
        hidden.setMarker(SeriesMarkers.NONE);
        hidden.setLineStyle(SeriesLines.NONE);
    }

    /** Above this many distinct x values a chart counts as a dense curve (see breakEqualSpacing). */
    private static final int DENSE_POINTS = 30;

    /** Renders the chart; show it in a notebook with {@code display(image)}. */
    public BufferedImage image() {
        return BitmapEncoder.getBufferedImage(xchart());
    }

    /** Writes the chart as a PNG file (atomically: a half-written file never appears at {@code file}). */
    public Path savePng(Path file) throws IOException {
        return Charts.writePng(image(), file);
    }

    @Override
    public String toString() {
        return "LineChart '" + title + "' " + seriesNames();
    }
}
