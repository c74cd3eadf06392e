package org.lstmlessons.train;

import java.util.function.Consumer;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.lstmlessons.data.MnistIterator;
import org.lstmlessons.data.MnistSet;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The training loop of lesson 3, with the course's reporting: every {@code logEvery} minibatches
 * the loss and accuracy of the minibatch just trained on (after the update), after every epoch the
 * validation accuracy; all of it goes to a {@link TrainingLog}, to an optional
 * {@link TrainingMonitor} (live chart and progress line) and to an optional listener.
 *
 * <pre>
 * TrainingLog log = Trainer.of(net).epochs(8).logEvery(10).validation(validation).monitor(monitor)
 *         .fit(train.batches(100, 42));
 * </pre>
 * Deterministic when the network is seeded, the batches are seeded and ND4J runs one thread.
 */
public final class Trainer {

    private final Trainable model;
    private int epochs = 1;
    private long sampleBudget;
    private int logEvery = 10;
    private MnistSet validation;
    private TrainingMonitor monitor;
    private Consumer<StepMetrics> listener = m -> { };

    private Trainer(Trainable model) {
        this.model = model;
    }

    /** Trains a DL4J network (its updater and learning-rate schedule are in its configuration). */
    public static Trainer of(MultiLayerNetwork net) {
        return new Trainer(Trainable.of(net));
    }

    /** Trains any {@link Trainable} model (lesson 4's own LSTM). */
    public static Trainer of(Trainable model) {
        return new Trainer(model);
    }

    /** Passes over the training set (default 1). */
    public Trainer epochs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Trainer.epochs: need at least 1, got " + n + ".");
        }
        this.epochs = n;
        return this;
    }

    /**
     * Train on this many examples and stop, as the course's loop does with {@code training_iters}:
     * {@code ceil(n / batch)} minibatches, over as many epochs as that takes (the last one may be
     * cut short). Replaces {@link #epochs(int)}.
     */
    public Trainer samples(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("Trainer.samples: need at least 1 example, got " + n + ".");
        }
        this.sampleBudget = n;
        return this;
    }

    /** Log every n-th minibatch (the course's display_step, default 10). */
    public Trainer logEvery(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Trainer.logEvery: need at least 1, got " + n + ".");
        }
        this.logEvery = n;
        return this;
    }

    /** Measure accuracy on this set after every epoch. */
    public Trainer validation(MnistSet set) {
        this.validation = set;
        return this;
    }

    /** Show a live chart and progress line while training. */
    public Trainer monitor(TrainingMonitor m) {
        this.monitor = m;
        return this;
    }

    /** Called with every logged step (e.g. to print lines like the course does). */
    public Trainer onLog(Consumer<StepMetrics> l) {
        this.listener = l;
        return this;
    }

    /**
     * Runs the loop.
     *
     * @param batches minibatches of the training set; {@code reset()} starts each next epoch
     * @return everything measured
     */
    public TrainingLog fit(MnistIterator batches) {
        TrainingLog log = new TrainingLog();
        int perEpoch = batches.batchesPerEpoch();
        long maxSteps = sampleBudget > 0 ? (sampleBudget + batches.batch() - 1) / batches.batch() : (long) epochs * perEpoch;
        int epochCount = (int) ((maxSteps + perEpoch - 1) / perEpoch);
        if (monitor != null) {
            monitor.start(epochCount, perEpoch, (int) maxSteps, batches.batch());
        }
        int step = 0;
        long samples = 0;
        for (int epoch = 1; epoch <= epochCount; epoch++) {
            if (epoch > 1 || !batches.hasNext()) {
                batches.reset();
            }
            long t0 = System.nanoTime();
            long epochStart = samples;
            double lossSum = 0;
            double accSum = 0;
            int logged = 0;
            while (batches.hasNext() && step < maxSteps) {
                DataSet batch = batches.next();
                model.fit(batch);
                step++;
                samples += batch.numExamples();
                if (step % logEvery == 0) {
                    BatchScore s = BatchScore.of(model.output(batch.getFeatures()), batch.getLabels());
                    StepMetrics m = new StepMetrics(step, epoch, samples, s.loss(), s.accuracy());
                    log.add(m);
                    lossSum += s.loss();
                    accSum += s.accuracy();
                    logged++;
                    listener.accept(m);
                    if (monitor != null) {
                        monitor.step(m);
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            model.epochDone();
            double valAcc = validation == null ? Double.NaN : Predictions.of(model, validation).accuracy();
            EpochMetrics e = new EpochMetrics(epoch, samples, logged == 0 ? Double.NaN : lossSum / logged,
                    logged == 0 ? Double.NaN : accSum / logged, valAcc, seconds,
                    (samples - epochStart) / seconds);
            log.add(e);
            if (monitor != null) {
                monitor.epoch(e);
            }
        }
        if (monitor != null) {
            monitor.finish();
        }
        return log;
    }
}
