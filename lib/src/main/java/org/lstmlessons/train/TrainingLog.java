package org.lstmlessons.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.lstmlessons.tables.Tables;

import tech.tablesaw.api.Table;

/**
 * What a {@link Trainer} measured: a row every few minibatches and a row per epoch, as lists and
 * as Tablesaw tables. Lesson 3 prints both.
 */
public final class TrainingLog {

    private final List<StepMetrics> steps = new ArrayList<>();
    private final List<EpochMetrics> epochs = new ArrayList<>();

    void add(StepMetrics m) {
        steps.add(m);
    }

    void add(EpochMetrics m) {
        epochs.add(m);
    }

    /** The logged minibatch rows, oldest first. */
    public List<StepMetrics> steps() {
        return Collections.unmodifiableList(steps);
    }

    /** One row per finished epoch. */
    public List<EpochMetrics> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The last logged step, or null before the first. */
    public StepMetrics last() {
        return steps.isEmpty() ? null : steps.get(steps.size() - 1);
    }

    /** The logged steps' numbers (minibatches trained so far): a chart's x axis. */
    public double[] stepNumbers() {
        return steps.stream().mapToDouble(StepMetrics::step).toArray();
    }

    /** The logged minibatch losses, in step order (lesson 4 charts two models' curves). */
    public double[] losses() {
        return steps.stream().mapToDouble(StepMetrics::loss).toArray();
    }

    /** The mean training time of an epoch in seconds (NaN before the first epoch). */
    public double secondsPerEpoch() {
        return epochs.stream().mapToDouble(EpochMetrics::seconds).average().orElse(Double.NaN);
    }

    /** Columns step, epoch, samples, loss, accuracy. */
    public Table stepTable() {
        return Tables.of("minibatch metrics (every logged step)", steps, StepMetrics.class);
    }

    /** Columns epoch, samples, meanLoss, meanAccuracy, validationAccuracy, seconds, samplesPerSecond. */
    public Table epochTable() {
        return Tables.of("per epoch", epochs, EpochMetrics.class);
    }

    @Override
    public String toString() {
        return "TrainingLog of " + steps.size() + " logged steps, " + epochs.size() + " epochs";
    }
}
