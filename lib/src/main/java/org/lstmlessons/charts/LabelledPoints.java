package org.lstmlessons.charts;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Points in a plane, each with a label written next to it: lesson 5 draws the learned word
 * embeddings projected onto their first two principal components. Made by
 * {@link Charts#labelled(String, String, String)}.
 */
public final class LabelledPoints {

    private record Point(String label, double x, double y) {
    }

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private final List<Point> points = new ArrayList<>();
    private int width = 760;
    private int height = 560;

    LabelledPoints(String title, String xTitle, String yTitle) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
    }

    /** Adds a point and its label. */
    public LabelledPoints add(String label, double x, double y) {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("LabelledPoints '" + title + "': point '" + label + "' is not finite (" + x
                    + ", " + y + ").");
        }
        points.add(new Point(label, x, y));
        return this;
    }

    /** Image size in pixels (default 760 x 560). */
    public LabelledPoints size(int w, int h) {
        this.width = w;
        this.height = h;
        return this;
    }

    /** How many points. */
    public int size() {
        return points.size();
    }

    /** Renders the chart. */
    public BufferedImage image() {
        if (points.isEmpty()) {
            throw new IllegalStateException("LabelledPoints '" + title + "' has no points; add some with add(label, x, y).");
        }
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        chart.getStyler().setAnnotationTextFontColor(new Color(40, 40, 40));
        XYSeries s = chart.addSeries("points", points.stream().mapToDouble(Point::x).toArray(),
                points.stream().mapToDouble(Point::y).toArray());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(new Color(70, 110, 200));
        double low = points.stream().mapToDouble(Point::y).min().orElse(0);
        double high = points.stream().mapToDouble(Point::y).max().orElse(1);
        double lift = 0.025 * Math.max(high - low, 1e-9);   // the label just above its point, not over it
        for (Point p : points) {
            chart.addAnnotation(new AnnotationText(p.label(), p.x(), p.y() + lift, false));
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    @Override
    public String toString() {
        return "LabelledPoints '" + title + "' of " + points.size() + " points";
    }
}
