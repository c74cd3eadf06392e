package org.lstmlessons.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.lstmlessons.charts.Charts;
import org.nd4j.linalg.factory.Nd4j;

class ProbeTest {

    @Test
    void positionInLineAndQuotesAreMarkedCharacterByCharacter() {
        assertArrayEquals(new double[] {0, 1, 2, 0, 1}, UnitProbe.positionInLine("ab\ncd"));
        assertArrayEquals(new double[] {0, 1, 1, 1, 0, 1, 1, 1, 1, 0},
                UnitProbe.insideQuotes("a“b”c“d\n\ne"));     // a blank line ends an unclosed quotation
    }

    @Test
    void correlationIsPearsonsR() {
        assertEquals(1.0, UnitProbe.correlation(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-12);
        assertEquals(-1.0, UnitProbe.correlation(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
        assertEquals(0.0, UnitProbe.correlation(new double[] {1, 1, 1}, new double[] {3, 2, 1}), 1e-12);
        assertEquals(0.8, UnitProbe.correlation(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}), 1e-12);
        // r = -0.5, -0.982, 0.866: the strongest is unit 1's, negative
        UnitProbe.Match m = UnitProbe.best(new double[][] {{3, 1, 2}, {3, 2, 0}, {1, 1, 2}}, new double[] {1, 2, 3});
        assertEquals(1, m.unit());
        assertEquals(-3 / Math.sqrt(84 / 9.0), m.correlation(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> UnitProbe.correlation(new double[] {1}, new double[] {1, 2}));
    }

    @Test
    void unitOutputsAreTheLayersActivationsAtEveryCharacter() {
        MultiLayerNetwork net = TextTest.charNet(4, 3);
        int[] ids = {0, 1, 2, 3, 2, 1};
        double[][] h = UnitProbe.outputs(net, 0, 4, ids);
        assertEquals(16, h.length);
        assertEquals(6, h[0].length);
        // the same as stepping through the characters one by one
        net.rnnClearPreviousState();
        for (int t = 0; t < ids.length; t++) {
            var x = Nd4j.zeros(1, 4, 1);
            x.putScalar(new long[] {0, ids[t], 0}, 1.0);
            net.rnnTimeStep(x);
            double[] state = net.rnnGetPreviousState(0).get("prevAct").toDoubleVector();
            for (int u = 0; u < 16; u++) {
                assertEquals(state[u], h[u][t], 1e-5);
            }
        }
    }

    @Test
    void nearestNeighboursAndTheProjectionFollowTheVectors() {
        Embeddings e = Embeddings.of(Nd4j.createFromArray(new double[][] {
                {1, 0, 0}, {0.9, 0.1, 0}, {0, 1, 0}, {-1, 0, 0.1}}));
        Embeddings.Neighbour[] n = e.nearest(0, 2);
        assertEquals(1, n[0].id());
        assertEquals(0.9 / Math.sqrt(0.82), n[0].cosine(), 1e-9);
        assertEquals(2, n[1].id());
        assertEquals(0.0, n[1].cosine(), 1e-9);
        Vocabulary v = Vocabulary.ofWords(java.util.List.of("a", "a", "a", "b", "b", "c"), 4);   // <unk>, a, b, c
        var t = e.neighbourTable("near", v, 2, "<unk>");
        assertEquals("a 0.99, b 0.00", t.stringColumn("nearest (cosine)").get(0));
        var missing = assertThrows(IllegalArgumentException.class, () -> e.neighbourTable("near", v, 2, "whale"));
        assertTrue(missing.getMessage().startsWith("'whale' is not in the vocabulary of 4 words"), missing.getMessage());
        // points on a line in 3-D: the first component carries everything
        Embeddings line = Embeddings.of(Nd4j.createFromArray(new double[][] {{1, 2, 0}, {2, 4, 0}, {3, 6, 0}, {4, 8, 0}}));
        double[][] xy = line.project2d(0, 4);
        double step = Math.sqrt(5);
        for (int i = 0; i < 4; i++) {
            assertEquals((1.5 - i) * step, xy[i][0], 1e-6);     // sign: the largest coordinate (row 0's) positive
            assertEquals(0, xy[i][1], 1e-6);
        }
        assertEquals(1.0, line.explainedVariance(0, 4)[0], 1e-9);
    }

    @Test
    void chartsDrawTextHeatAndLabelledPoints() {
        BufferedImage heat = Charts.textHeat("unit 7", "ab\nc", new double[] {-1, 0, 1, 0.5}).image();
        assertTrue(heat.getWidth() >= 320 && heat.getHeight() > 40);
        var e = assertThrows(IllegalArgumentException.class, () -> Charts.textHeat("t", "abc", new double[] {1}));
        assertTrue(e.getMessage().contains("3 characters but 1 values"), e.getMessage());
        BufferedImage points = Charts.labelled("words", "pc 1", "pc 2").add("whale", 1, 2).add("ship", -1, 0).image();
        assertEquals(760, points.getWidth());
        assertThrows(IllegalStateException.class, () -> Charts.labelled("none", "x", "y").image());
    }
}
