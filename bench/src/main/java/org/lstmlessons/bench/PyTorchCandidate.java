package org.lstmlessons.bench;

import java.util.ArrayList;
import java.util.List;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.lstmlessons.data.MnistSet;

/**
 * Lesson 3's network in PyTorch (through DJL): {@code torch.nn.LSTM(28, 128, batch_first)} -> last
 * step -> {@code Linear(128, 10)}, softmax cross-entropy, Adam 1e-3, same minibatches, held as native
 * tensors from the start (as a plain loop over a preloaded data set has them). Its worker loads no ND4J.
 */
final class PyTorchCandidate implements Candidate {

    private final NDManager manager;
    private final Model model;
    private final Trainer trainer;
    private final List<float[]> trainX = new ArrayList<>();
    private final List<float[]> trainY = new ArrayList<>();
    private final List<float[]> testX = new ArrayList<>();
    private final Shape inputShape = new Shape(Lesson3Model.BATCH, Lesson3Model.STEPS, Lesson3Model.FEATURES);
    private final List<NDArray> trainXs = new ArrayList<>();
    private final List<NDArray> trainYs = new ArrayList<>();
    private final List<NDArray> testXs = new ArrayList<>();

    PyTorchCandidate(MnistSet trainSet, MnistSet testSet, int trainBatches, int testBatches) {
        int b = Lesson3Model.BATCH;
        for (int i = 0; i < trainBatches; i++) {
            trainX.add(batchFirst(trainSet, i * b, (i + 1) * b));
            float[] y = new float[b];
            for (int k = 0; k < b; k++) {
                y[k] = trainSet.label(i * b + k);
            }
            trainY.add(y);
        }
        for (int i = 0; i < testBatches; i++) {
            testX.add(batchFirst(testSet, i * b, (i + 1) * b));
        }
        manager = NDManager.newBaseManager("PyTorch");
        SequentialBlock net = new SequentialBlock()
                .add(LSTM.builder().setStateSize(Lesson3Model.UNITS).setNumLayers(1).optBatchFirst(true)
                        .optReturnState(false).build())
                .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().get(":, -1, :")), "lastStep"))
                .add(Linear.builder().setUnits(Lesson3Model.CLASSES).build());
        model = Model.newInstance("lesson3-lstm", "PyTorch");
        model.setBlock(net);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optInitializer(new XavierInitializer(), "weight")
                .optOptimizer(Optimizer.adam()
                        .optLearningRateTracker(Tracker.fixed((float) Lesson3Model.LEARNING_RATE)).build());
        trainer = model.newTrainer(config);
        trainer.initialize(inputShape);
        // the minibatches as native tensors once, as a plain PyTorch loop over a preloaded data set has them
        for (int i = 0; i < trainX.size(); i++) {
            trainXs.add(manager.create(trainX.get(i), inputShape));
            trainYs.add(manager.create(trainY.get(i), new Shape(Lesson3Model.BATCH)));
        }
        for (float[] x : testX) {
            testXs.add(manager.create(x, inputShape));
        }
    }

    /** Images [from, to) as [batch, time = row, features = column], row-major. */
    private static float[] batchFirst(MnistSet set, int from, int to) {
        int rows = set.rows();
        int cols = set.cols();
        float[] out = new float[(to - from) * rows * cols];
        for (int i = from; i < to; i++) {
            float[][] img = set.image(i);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(img[r], 0, out, ((i - from) * rows + r) * cols, cols);
            }
        }
        return out;
    }

    @Override
    public void train(int i) {
        int k = i % trainX.size();
        try (NDManager step = trainer.getManager().newSubManager()) {
            NDArray x = trainXs.get(k);
            NDArray y = trainYs.get(k);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(new NDList(x));
                NDArray loss = trainer.getLoss().evaluate(new NDList(y), predictions);
                collector.backward(loss);
            }
            trainer.step();
        }
    }

    @Override
    public double infer(int i) {
        try (NDManager step = trainer.getManager().newSubManager()) {
            NDArray x = testXs.get(i % testXs.size());
            NDArray probabilities = trainer.evaluate(new NDList(x)).singletonOrThrow().softmax(-1);
            return probabilities.getFloat(0, 0);
        }
    }

    @Override
    public int trainBatches() {
        return trainX.size();
    }

    @Override
    public int testBatches() {
        return testX.size();
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
        manager.close();
    }
}
