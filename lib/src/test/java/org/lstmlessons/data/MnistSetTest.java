package org.lstmlessons.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class MnistSetTest {

    static MnistSet set(int n) {
        return MnistSet.of("train", Idx.parse(MnistFixtures.images(n), "images"), Idx.parse(MnistFixtures.labels(n), "labels"));
    }

    static float pixel(int i, int r, int c) {
        return ((i * 7 + 3 * r + c) & 0xFF) / 255f;
    }

    @Test
    void featuresAreBatchFeaturesTimeWithOneRowPerTimeStep() {
        MnistSet s = set(5);
        INDArray x = s.features(1, 4);
        assertArrayEquals(new long[] {3, 28, 28}, x.shape());
        // image 2 (row 1 of the batch), time step t = 5 (pixel row 5), feature c = 9 (pixel column 9)
        assertEquals(pixel(2, 5, 9), x.getFloat(1, 9, 5), 0f);
        assertEquals(pixel(3, 27, 0), x.getFloat(2, 0, 27), 0f);
        assertEquals(pixel(1, 0, 27), s.image(1)[0][27], 0f);
        assertTrue(x.maxNumber().floatValue() <= 1f && x.minNumber().floatValue() >= 0f);
    }

    @Test
    void labelsAreOneHot() {
        DataSet ds = set(12).dataSet();
        assertArrayEquals(new long[] {12, 10}, ds.getLabels().shape());
        assertEquals(1f, ds.getLabels().getFloat(11, 1), 0f);
        assertEquals(12f, ds.getLabels().sumNumber().floatValue(), 0f);
        assertArrayEquals(new int[] {2, 2, 1, 1, 1, 1, 1, 1, 1, 1}, set(12).classCounts());
    }

    @Test
    void splitTakesTheFirstImagesForValidationLikeTensorFlow() {
        MnistSet.Split split = set(30).split(5);
        assertEquals(25, split.train().size());
        assertEquals(5, split.validation().size());
        assertEquals("validation", split.validation().name());
        assertEquals(5 % 10, split.train().label(0));
        assertEquals(pixel(5, 3, 4), split.train().image(0)[3][4], 0f);
        assertThrows(IllegalArgumentException.class, () -> set(30).split(30));
    }

    @Test
    void firstLimitsTheSet() {
        assertEquals(8, set(30).first(8).size());
        assertEquals(30, set(30).first(1000).size());
    }

    @Test
    void seededBatchesVisitEveryImageOncePerEpochInANewButRepeatableOrder() {
        MnistSet s = set(30);
        MnistIterator it = s.batches(8, 42);
        List<int[]> orders = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int epoch = 0; epoch < 2; epoch++) {
            if (epoch > 0) {
                it.reset();
            }
            orders.add(it.order());
            while (it.hasNext()) {
                sizes.add(it.next().numExamples());
            }
        }
        assertEquals(List.of(8, 8, 8, 6, 8, 8, 8, 6), sizes);
        for (int[] o : orders) {
            assertArrayEquals(java.util.stream.IntStream.range(0, 30).toArray(), Arrays.stream(o).sorted().toArray());
        }
        assertFalse(Arrays.equals(orders.get(0), orders.get(1)), "epoch 2 should be shuffled differently");
        assertArrayEquals(orders.get(0), s.batches(8, 42).order());
        assertFalse(Arrays.equals(orders.get(0), s.batches(8, 43).order()));
        assertEquals(4, it.batchesPerEpoch());
        assertEquals(1, it.epoch());
    }

    @Test
    void batchLabelsMatchTheirImages() {
        MnistSet s = set(30);
        MnistIterator it = s.batches(10, 7);
        int[] order = it.order();
        DataSet first = it.next();
        for (int b = 0; b < 10; b++) {
            assertEquals(1f, first.getLabels().getFloat(b, order[b] % 10), 0f);
            assertEquals(pixel(order[b], 4, 6), first.getFeatures().getFloat(b, 6, 4), 0f);
        }
    }

    @Test
    void inOrderBatchesFollowTheFile() {
        assertArrayEquals(java.util.stream.IntStream.range(0, 30).toArray(), set(30).batchesInOrder(7).order());
    }

    @Test
    void countMismatchNamesBothFiles() {
        var e = assertThrows(IdxFormatException.class, () -> MnistSet.of("train",
                Idx.parse(MnistFixtures.images(5), "train-images-idx3-ubyte"),
                Idx.parse(MnistFixtures.labels(4), "train-labels-idx1-ubyte")));
        assertTrue(e.getMessage().startsWith("train-images-idx3-ubyte has 5 images but train-labels-idx1-ubyte has 4 labels"),
                e.getMessage());
    }

    @Test
    void labelsOutsideTheTenClassesAreRefused() {
        byte[] labels = MnistFixtures.labels(4);
        labels[8 + 2] = 11;
        var e = assertThrows(IdxFormatException.class,
                () -> MnistSet.of("t", Idx.parse(MnistFixtures.images(4), "i"), Idx.parse(labels, "l")));
        assertTrue(e.getMessage().contains("label 11 at index 2"), e.getMessage());
    }

    @Test
    void describesItsShapes() {
        assertEquals("train: 30 images 28x28 -> features [30, 28, 28] ([batch, features, time]), labels [30, 10]",
                set(30).toString());
    }
}
