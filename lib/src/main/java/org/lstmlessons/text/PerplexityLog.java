package org.lstmlessons.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.lstmlessons.charts.Charts;
import org.lstmlessons.charts.LineChart;
import org.lstmlessons.tables.Tables;

import tech.tablesaw.api.Table;

/**
 * What a {@link TextTrainer} measured (lessons 5 and 6): the training and validation perplexity
 * every few minibatches, as a list, a Tablesaw table and a chart.
 */
public final class PerplexityLog {

    private final List<PerplexityPoint> points = new ArrayList<>();
    private double baseline = Double.NaN;
    private String baselineName = "";

    void add(PerplexityPoint p) {
        points.add(p);
    }

    void baseline(String name, double perplexity) {
        this.baselineName = name;
        this.baseline = perplexity;
    }

    /** Every row, oldest first; the first is the untrained network. */
    public List<PerplexityPoint> points() {
        return Collections.unmodifiableList(points);
    }

    /** The last row: the trained network. */
    public PerplexityPoint last() {
        if (points.isEmpty()) {
            throw new IllegalStateException("nothing measured yet: call TextTrainer.fit first");
        }
        return points.get(points.size() - 1);
    }

    /** Columns minibatch, epoch, tokens, training, validation, seconds. */
    public Table table() {
        return Tables.of("perplexity while training", points, PerplexityPoint.class);
    }

    /**
     * Training and validation perplexity against minibatches trained, on a logarithmic axis, with the
     * baseline given to {@link TextTrainer#baseline} as a flat line.
     */
    public LineChart chart(String title) {
        LineChart c = Charts.line(title, "minibatches trained", "perplexity (log scale)").logY();
        if (points.isEmpty()) {
            return c.series("validation", new double[] {0}, new double[] {1});   // an empty chart until the first row
        }
        List<PerplexityPoint> trained = points.stream().filter(p -> !Double.isNaN(p.training())).toList();
        if (!trained.isEmpty()) {
            c.series("training", trained.stream().mapToDouble(PerplexityPoint::minibatch).toArray(),
                    trained.stream().mapToDouble(PerplexityPoint::training).toArray());
        }
        c.series("validation", points.stream().mapToDouble(PerplexityPoint::minibatch).toArray(),
                points.stream().mapToDouble(PerplexityPoint::validation).toArray());
        if (!Double.isNaN(baseline)) {
            double end = Math.max(1, last().minibatch());
            c.series(baselineName, new double[] {0, end}, new double[] {baseline, baseline});
        }
        return c;
    }

    @Override
    public String toString() {
        return points.isEmpty() ? "PerplexityLog (empty)"
                : String.format(java.util.Locale.ROOT, "PerplexityLog of %d rows: validation perplexity %.2f -> %.2f",
                        points.size(), points.get(0).validation(), last().validation());
    }
}
