package org.lstmlessons.lstm.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

class TrainingSpeedTest {

    @Test
    void measuresBothNetworksAndLabelsTheResult() {
        List<DataSet> batches = List.of(new DataSet(FastLSTMTest.input(DataType.FLOAT, 1, 10, 4, 6),
                FastLSTMTest.oneHot(DataType.FLOAT, 10, 3)));

        TrainingSpeed speed = TrainingSpeed.compare(() -> FastLSTMTest.lastStepNet(true, DataType.FLOAT, 4, 8, 3),
                () -> FastLSTMTest.lastStepNet(false, DataType.FLOAT, 4, 8, 3), batches, 1);

        assertTrue(speed.first() > 0 && speed.second() > 0, speed.toString());
        assertEquals(speed.first() / speed.second(), speed.ratio(), 1e-12);
        assertTrue(speed.toString().startsWith("FastLSTM ") && speed.toString().contains(", DL4J LSTM "),
                speed.toString());
    }

    @Test
    void noMinibatchesIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingSpeed.compare(
                () -> null, () -> null, List.of(), 1));
        assertTrue(e.getMessage().contains("at least one minibatch"), e.getMessage());
    }
}
