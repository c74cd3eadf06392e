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
    void twoRunsGiveTheSameNumbers() {
        TrainingLog a = train(new ArrayList<>());
        TrainingLog b = train(new ArrayList<>());
        for (int i = 0; i < a.steps().size(); i++) {
            assertEquals(a.steps().get(i).loss(), b.steps().get(i).loss(), 0.0, "step " + a.steps().get(i).step());
            assertEquals(a.steps().get(i).accuracy(), b.steps().get(i).accuracy(), 0.0);
        }
        assertEquals(a.epochs().get(2).validationAccuracy(), b.epochs().get(2).validationAccuracy(), 0.0);
    }
}
