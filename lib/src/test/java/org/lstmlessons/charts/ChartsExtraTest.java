package org.lstmlessons.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;

import org.junit.jupiter.api.Test;

class ChartsExtraTest {

    static int[][] confusion() {
        int[][] m = new int[10][10];
        for (int i = 0; i < 10; i++) {
            m[i][i] = 95;
            m[i][(i + 1) % 10] = 5;
        }
        return m;
    }

    @Test
    void confusionCellsAreBlueOnTheDiagonalAndRedForMistakes() {
        ConfusionMatrixChart chart = Charts.confusion("test digits", confusion()).cellSize(40);
        BufferedImage img = chart.image();
        // cell (row 2, col 2) and (row 2, col 3): find them from the layout (left = 28 + 12 + 8, top = 40)
        int left = 28 + 12 + 8;
        int top = 40;
        Color diag = new Color(img.getRGB(left + 2 * 40 + 3, top + 2 * 40 + 3));
        Color wrong = new Color(img.getRGB(left + 3 * 40 + 3, top + 2 * 40 + 3));
        Color empty = new Color(img.getRGB(left + 5 * 40 + 3, top + 2 * 40 + 3));
        assertTrue(diag.getBlue() > diag.getRed() + 60, diag.toString());
        assertTrue(wrong.getRed() > wrong.getBlue() + 60, wrong.toString());
        assertEquals(Color.WHITE, empty);
    }

    @Test
    void confusionNeedsASquareMatrixAndMatchingLabels() {
        assertThrows(IllegalArgumentException.class, () -> Charts.confusion("x", new int[][] {{1, 2}}));
        var e = assertThrows(IllegalArgumentException.class, () -> Charts.confusion("x", confusion()).labels(List.of("a")));
        assertEquals("Confusion matrix 'x' has 10 classes but 1 labels were given.", e.getMessage());
    }

    @Test
    void digitGridLaysOutTilesWithCaptions() {
        float[][] ink = new float[28][28];
        for (int r = 0; r < 28; r++) {
            ink[r][14] = 1f;
        }
        DigitGrid grid = Charts.digits("mistakes").columns(4).scale(2);
        for (int i = 0; i < 6; i++) {
            grid.add(ink, "pred " + i + " / true 9", true);
        }
        BufferedImage img = grid.image();
        assertEquals(6, grid.size());
        // 4 tiles per row, each as wide as its caption (wider than the 56-pixel digit), 2 rows
        int tileW = (img.getWidth() - 8) / 4 - 8;
        assertTrue(tileW > 56, "tile width " + tileW);
        assertEquals(34 + 2 * (56 + 18 + 8) + 8, img.getHeight());
        int x0 = 8 + (tileW - 56) / 2;
        assertEquals(Color.BLACK.getRGB(), img.getRGB(x0 + 14 * 2, 34 + 10));
        assertEquals(Color.WHITE.getRGB(), img.getRGB(x0 + 3 * 2, 34 + 10));
        assertThrows(IllegalStateException.class, () -> Charts.digits("none").image());
    }

    @Test
    void besidePutsImagesNextToEachOther() {
        BufferedImage a = Charts.line("a", "x", "y").series("s", new double[] {0, 1}, new double[] {0, 1}).size(200, 100).image();
        BufferedImage b = Charts.line("b", "x", "y").points("p", new double[] {0, 1}, new double[] {1, 0}).size(300, 150).image();
        BufferedImage both = Charts.beside(a, b);
        assertEquals(500, both.getWidth());
        assertEquals(150, both.getHeight());
        assertEquals(a.getRGB(50, 50), both.getRGB(50, 50));
        assertEquals(Color.WHITE.getRGB(), both.getRGB(10, 140));
        assertNotEquals(0, both.getRGB(250, 75));
    }
}
