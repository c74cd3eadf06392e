package org.lstmlessons.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @TempDir
    Path dir;

    static LineChart powers() {
        double[] n = Charts.range(501);
        double[] up = new double[n.length];
        double[] down = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            up[i] = Math.pow(1.01, n[i]);
            down[i] = Math.pow(0.99, n[i]);
        }
        return Charts.line("1.01^n and 0.99^n", "n", "value").logY().series("1.01^n", n, up).series("0.99^n", n, down);
    }

    @Test
    void imageHasTheRequestedSizeAndIsNotBlank() {
        BufferedImage img = powers().size(500, 300).image();
        assertEquals(500, img.getWidth());
        assertEquals(300, img.getHeight());
        int white = img.getRGB(0, 0);
        long inked = 0;
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                if (img.getRGB(x, y) != white) {
                    inked++;
                }
            }
        }
        assertTrue(inked > 500, "only " + inked + " non-background samples");
    }

    @Test
    void pngFileIsWrittenCompletelyAndNoTempFileRemains() throws Exception {
        Path png = powers().savePng(dir.resolve("sub/powers.png"));
        BufferedImage back = ImageIO.read(png.toFile());
        assertEquals(Charts.DEFAULT_WIDTH, back.getWidth());
        assertEquals(Charts.DEFAULT_HEIGHT, back.getHeight());
        assertTrue(Files.size(png) > 5_000);
        try (var files = Files.list(png.getParent())) {
            assertEquals(List.of(png), files.toList());
        }
    }

    @Test
    void functionSamplesTheCurve() {
        LineChart c = Charts.line("logistic", "z", "σ(z)").function("σ", z -> 1 / (1 + Math.exp(-z)), -8, 8);
        assertEquals(List.of("σ"), c.seriesNames());
        assertEquals(200, c.xchart().getSeries("σ").getXData().length);
    }

    @Test
    void denseEquallySpacedCurvesGetRoundTicksSparseOnesKeepTicksAtTheirPoints() {
        // XChart puts ticks at the data points of equally spaced x; LineChart avoids that for dense curves
        assertTrue(powers().xchart().getSeries(" ") != null, "dense curve: spacing broken by a hidden point");
        LineChart epochs = Charts.line("accuracy", "epoch", "accuracy")
                .series("train", new double[] {1, 2, 3, 4}, new double[] {0.9, 0.95, 0.97, 0.98});
        assertEquals(null, epochs.xchart().getSeries(" "));
    }

    @Test
    void badInputGetsAClearMessage() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Charts.line("t", "x", "y").series("s", new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("same, non-zero length"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Charts.line("t", "x", "y").size(10, 10));
        assertThrows(IllegalArgumentException.class,
                () -> Charts.line("t", "x", "y").series("s", new double[] {1}, new double[] {1}).series("s", new double[] {1}, new double[] {1}));
        var e2 = assertThrows(IllegalStateException.class, () -> Charts.line("empty", "x", "y").image());
        assertTrue(e2.getMessage().contains("no series"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Charts.range(0));
    }
}
