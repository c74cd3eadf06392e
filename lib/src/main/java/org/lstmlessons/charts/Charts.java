package org.lstmlessons.charts;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import javax.imageio.ImageIO;

/**
 * Charts for the lessons, rendered headless to images that notebooks display inline.
 *
 * <pre>
 * var chart = Charts.line("1.01^n and 0.99^n", "layers n", "value").logY()
 *         .series("1.01^n", n, up).series("0.99^n", n, down);
 * var shown = display(chart.image());
 * </pre>
 */
public final class Charts {

    /** Default image width in pixels. */
    public static final int DEFAULT_WIDTH = 640;
    /** Default image height in pixels. */
    public static final int DEFAULT_HEIGHT = 400;

    private Charts() {
    }

    /** A line chart with a title and axis titles; add series, then call {@code image()}. */
    public static LineChart line(String title, String xTitle, String yTitle) {
        return new LineChart(title, xTitle, yTitle);
    }

    /**
     * A confusion matrix heat map from {@code counts[true][predicted]} (lesson 3: 10 x 10 digits).
     */
    public static ConfusionMatrixChart confusion(String title, int[][] counts) {
        return new ConfusionMatrixChart(title, counts);
    }

    /** A grid of small images with captions, e.g. misclassified digits; add images, then {@code image()}. */
    public static DigitGrid digits(String title) {
        return new DigitGrid(title);
    }

    /** A passage of text coloured character by character by {@code values} in [-1, 1] (lesson 6). */
    public static TextHeatmap textHeat(String title, String text, double[] values) {
        return new TextHeatmap(title, text, values);
    }

    /** Labelled points in a plane, e.g. word embeddings projected to 2-D (lesson 5); add points, then {@code image()}. */
    public static LabelledPoints labelled(String title, String xTitle, String yTitle) {
        return new LabelledPoints(title, xTitle, yTitle);
    }

    /**
     * Starts a picture drawn by hand (digit grids, text heat maps): the image white, {@code title} in
     * bold 14-point type with its baseline at ({@code x}, {@code y}), text anti-aliased. The caller draws
     * the rest with the returned graphics and disposes it.
     */
    static Graphics2D titledCanvas(BufferedImage img, String title, int x, int y) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, x, y);
        return g;
    }

    /**
     * Puts images side by side (top-aligned, on white) in one image, e.g. a loss chart and an
     * accuracy chart that a training monitor updates together.
     */
    public static BufferedImage beside(BufferedImage... images) {
        if (images.length == 0) {
            throw new IllegalArgumentException("Charts.beside: give at least one image.");
        }
        int width = 0;
        int height = 0;
        for (BufferedImage i : images) {
            width += i.getWidth();
            height = Math.max(height, i.getHeight());
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, width, height);
        int x = 0;
        for (BufferedImage i : images) {
            g.drawImage(i, x, 0, null);
            x += i.getWidth();
        }
        g.dispose();
        return out;
    }

    /** The numbers 0, 1, ..., n-1 as doubles: a handy x axis. */
    public static double[] range(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Charts.range: n must be at least 1, got " + n + ".");
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    /**
     * Writes an image as PNG: to a temporary file in the same folder, verified by reading it back,
     * then moved into place, so {@code file} is either absent or complete.
     */
    public static Path writePng(BufferedImage image, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException("No PNG writer available in this JVM (needed to write " + file + ").");
            }
            BufferedImage back = ImageIO.read(tmp.toFile());
            if (back == null || back.getWidth() != image.getWidth() || back.getHeight() != image.getHeight()) {
                throw new IOException("PNG written to " + tmp + " did not read back as a " + image.getWidth() + "x"
                        + image.getHeight() + " image; disk full?");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static void checkSize(int width, int height) {
        if (width < 50 || height < 50 || width > 4000 || height > 4000) {
            throw new IllegalArgumentException("Chart size " + width + "x" + height
                    + " is outside 50..4000 pixels per side; pick a size a notebook can show (default 640x400).");
        }
    }
}
