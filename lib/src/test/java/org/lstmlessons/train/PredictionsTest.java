package org.lstmlessons.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.lstmlessons.data.MnistSet;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class PredictionsTest {

    /** A fake model: reads the label from the bar's row (see TrainTestNets.digits), says 7 for label 3 (confidence 0.9 for images 3, 23, 43, ... else 0.6). */
    static final Trainable BAR_READER = new Trainable() {
        @Override
        public void fit(DataSet batch) {
        }

        @Override
        public INDArray output(INDArray x) {
            long n = x.size(0);
            INDArray p = Nd4j.zeros(n, 10);
            for (int b = 0; b < n; b++) {
                for (int label = 0; label < 10; label++) {
                    if (x.getFloat(b, 10, 2 * label + 3) == 1f) {
                        int guess = label == 3 ? 7 : label;
                        p.putScalar(b, guess, label == 3 && b % 20 == 3 ? 0.9f : 0.6f);
                        p.putScalar(b, (guess + 1) % 10, label == 3 && b % 20 == 3 ? 0.1f : 0.4f);
                    }
                }
            }
            return p;
        }
    };

    @Test
    void accuracyConfusionAndMistakesMostConfidentFirst() {
        MnistSet set = TrainTestNets.digits(1200); // 120 of each label; predictions run in 3 batches of 500
        Predictions p = Predictions.of(BAR_READER, set);
        assertEquals(1200, p.size());
        assertEquals(1080, p.correct());
        assertEquals(0.9, p.accuracy(), 1e-12);
        int[][] m = p.confusion();
        assertEquals(120, m[3][7]);
        assertEquals(0, m[3][3]);
        assertEquals(120, m[5][5]);
        int[] wrong = p.misclassified();
        assertEquals(120, wrong.length);
        // images 3, 23, 43, ... were wrong with confidence 0.9, images 13, 33, ... with 0.6
        assertEquals(0.9f, p.confidence()[wrong[0]], 1e-6f);
        assertEquals(0.6f, p.confidence()[wrong[119]], 1e-6f);
        assertArrayEquals(new int[] {3, 7}, new int[] {p.actual()[wrong[0]], p.predicted()[wrong[0]]});
        assertEquals("1,080 of 1,200 right: accuracy 0.9000", p.toString());
    }

    @Test
    void mostConfusedIsTheLargestCellOffTheDiagonal() {
        // true 0 0 1 1 1 2 2, predicted 0 1 2 2 1 1 1: off the diagonal 0->1 once, 1->2 twice, 2->1 twice
        Predictions p = new Predictions(new int[] {0, 1, 2, 2, 1, 1, 1}, new int[] {0, 0, 1, 1, 1, 2, 2},
                new float[7]);
        assertEquals(new Predictions.Mixup(1, 2, 2), p.mostConfused());   // the first of the two in row order
        assertEquals(new Predictions.Mixup(0, 0, 0), new Predictions(new int[] {3}, new int[] {3}, new float[1]).mostConfused());
    }

    @Test
    void classNamesSayWhatTheLabelsMean() {
        assertEquals("9", org.lstmlessons.data.MnistDataset.MNIST.classNames().get(9));
        assertEquals(java.util.List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                "Sneaker", "Bag", "Ankle boot"), org.lstmlessons.data.MnistDataset.FASHION_MNIST.classNames());
    }
}
