package org.lstmlessons.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lstmlessons.Lessons;
import org.lstmlessons.data.MnistSet;

class TrainerTest {

    static TrainingLog train(List<StepMetrics> heard) {
        Lessons.seed(42);
        MnistSet data = TrainTestNets.digits(200);
        MnistSet.Split split = data.split(40);
        return Trainer.of(TrainTestNets.lstm(7)).epochs(3).logEvery(4).validation(split.validation())
                .onLog(heard::add).fit(split.train().batches(20, 42));
    }

    @Test
    void logsEveryNthStepAndEveryEpoch() {
        List<StepMetrics> heard = new ArrayList<>();
        TrainingLog log = train(heard);
        // 160 training images / 20 = 8 steps per epoch, 24 steps, every 4th logged
        assertEquals(6, log.steps().size());
        assertEquals(heard, log.steps());
        assertEquals(List.of(4, 8, 12, 16, 20, 24), log.steps().stream().map(StepMetrics::step).toList());
        assertEquals(List.of(1, 1, 2, 2, 3, 3), log.steps().stream().map(StepMetrics::epoch).toList());
        assertEquals(480L, log.last().samples());
        assertEquals(3, log.epochs().size());
        assertEquals(160L, log.epochs().get(0).samples());
        assertTrue(log.epochs().get(2).seconds() > 0);
        assertEquals(6, log.stepTable().rowCount());
        assertEquals(List.of("step", "epoch", "samples", "loss", "accuracy"), log.stepTable().columnNames());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {4, 8, 12, 16, 20, 24}, log.stepNumbers());
        assertEquals(log.steps().get(2).loss(), log.losses()[2], 0.0);
        assertEquals((log.epochs().get(0).seconds() + log.epochs().get(1).seconds() + log.epochs().get(2).seconds()) / 3,
                log.secondsPerEpoch(), 1e-12);
    }

    @Test
    void learnsTheSyntheticDigits() {
        TrainingLog log = train(new ArrayList<>());
        double firstLoss = log.steps().get(0).loss();
        double lastLoss = log.last().loss();
        assertTrue(lastLoss < firstLoss * 0.8, "loss " + firstLoss + " -> " + lastLoss);
        assertTrue(log.epochs().get(2).validationAccuracy() > 0.3, log.epochs().toString());
    }

    @Test
    void aNetworkReadingColumnsSeesThemInTrainingAndInEveryPrediction() {
        Lessons.seed(42);
        var net = TrainTestNets.lstm(7);
        Trainable columns = Trainable.readingColumns(net);
        var x = org.nd4j.linalg.factory.Nd4j.rand(3, 28, 28);
        assertEquals(net.output(x.permute(0, 2, 1).dup()), columns.output(x));
        MnistSet.Split split = TrainTestNets.digits(200).split(40);
        TrainingLog log = Trainer.of(columns).epochs(3).logEvery(4).validation(split.validation())
                .fit(split.train().batches(20, 42));
        assertTrue(log.epochs().get(2).validationAccuracy() > 0.3, log.epochs().toString());
        assertEquals(log.epochs().get(2).validationAccuracy(), Predictions.of(columns, split.validation()).accuracy(), 0.0);
    }

    @Test
    void twoRunsGiveTheSameNumbers() {
        TrainingLog a = train(new ArrayList<>());
        TrainingLog b = train(new ArrayList<>());
        for (int i = 0; i < a.steps().size(); i++) {
            assertEquals(a.steps().get(i).loss(), b.steps().get(i).loss(), 0.0, "step " + a.steps().get(i).step());
            assertEquals(a.steps().get(i).accuracy(), b.steps().get(i).accuracy(), 0.0);
        }
        assertEquals(a.epochs().get(2).validationAccuracy(), b.epochs().get(2).validationAccuracy(), 0.0);
    }

    @Test
    void aSampleBudgetStopsMidEpochAsTheCourseLoopDoes() {
        Lessons.seed(42);
        MnistSet data = TrainTestNets.digits(200);
        MnistSet.Split split = data.split(40);
        List<StepMetrics> heard = new ArrayList<>();
        // 160 images in batches of 20: 8 steps per epoch; 250 samples -> 13 steps, the last in epoch 2
        TrainingLog log = Trainer.of(TrainTestNets.lstm(7)).samples(250).logEvery(1).onLog(heard::add)
                .fit(split.train().batches(20, 42));
        assertEquals(13, log.last().step());
        assertEquals(260L, log.last().samples());
        assertEquals(2, log.last().epoch());
        assertEquals(2, log.epochs().size());
        assertEquals(160L, log.epochs().get(0).samples());
        assertEquals(260L, log.epochs().get(1).samples());
    }

    @Test
    void rejectsAnEmptyBudget() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Trainer.of(TrainTestNets.lstm(7)).samples(0));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
    }

    @Test
    void courseLineMatchesTheCoursesFormat() {
        assertEquals("Iter 1000, Minibatch Loss= 1.933472, Training Accuracy= 0.37000",
                new StepMetrics(10, 1, 1000, 1.9334720, 0.37).courseLine());
    }
}
