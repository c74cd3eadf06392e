package org.lstmlessons.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A confusion matrix as a heat map: row = true class, column = predicted class, each cell shows
 * its count; colour is the share of the row (what fraction of true class r was predicted as c),
 * blue on the diagonal (right), red off it (mistakes). Made by
 * {@link Charts#confusion(String, int[][])}; lesson 3 draws one for the 10,000 test digits.
 */
public final class ConfusionMatrixChart {

    private final String title;
    private final int[][] counts;
    private List<String> labels;
    private int cell = 44;

    ConfusionMatrixChart(String title, int[][] counts) {
        if (counts == null || counts.length == 0) {
            throw new IllegalArgumentException("Confusion matrix '" + title + "' is empty; pass counts[true][predicted].");
        }
        for (int[] row : counts) {
            if (row == null || row.length != counts.length) {
                throw new IllegalArgumentException("Confusion matrix '" + title + "' must be square (n x n), got a row of "
                        + (row == null ? "null" : row.length) + " in " + counts.length + " rows.");
            }
        }
        this.title = title;
        this.counts = new int[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            this.counts[r] = counts[r].clone();
        }
        this.labels = IntStream.range(0, counts.length).mapToObj(Integer::toString).toList();
    }

    /** Class names for the axes (default 0, 1, 2, ...), e.g. Fashion-MNIST's "T-shirt", "Trouser", .... */
    public ConfusionMatrixChart labels(List<String> names) {
        if (names.size() != counts.length) {
            throw new IllegalArgumentException("Confusion matrix '" + title + "' has " + counts.length + " classes but "
                    + names.size() + " labels were given.");
        }
        this.labels = new ArrayList<>(names);
        return this;
    }

    /** Side of one cell in pixels (default 44). */
    public ConfusionMatrixChart cellSize(int pixels) {
        Charts.checkSize(pixels * counts.length, pixels * counts.length);
        this.cell = pixels;
        return this;
    }

    /** Renders the heat map. */
    public BufferedImage image() {
        int n = counts.length;
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, cell / 4));
        Font axis = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 14);
        int labelWidth = 12 + labels.stream().mapToInt(String::length).max().orElse(1) * 8;
        int left = 28 + labelWidth;
        int top = 40;
        int bottom = 34 + labelWidth;
        int width = left + n * cell + 20;
        int height = top + n * cell + bottom;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(bold);
        g.drawString(title, left, 24);
        for (int r = 0; r < n; r++) {
            long rowTotal = 0;
            for (int c = 0; c < n; c++) {
                rowTotal += counts[r][c];
            }
            for (int c = 0; c < n; c++) {
                double share = rowTotal == 0 ? 0 : counts[r][c] / (double) rowTotal;
                int x = left + c * cell;
                int y = top + r * cell;
                g.setColor(shade(share, r == c));
                g.fillRect(x, y, cell, cell);
                g.setColor(new Color(230, 230, 230));
                g.drawRect(x, y, cell, cell);
                if (counts[r][c] != 0) {
                    g.setFont(small);
                    g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                    centre(g, Integer.toString(counts[r][c]), x + cell / 2, y + cell / 2);
                }
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, n * cell, n * cell);
        g.setFont(axis);
        g.setColor(Color.BLACK);
        for (int i = 0; i < n; i++) {
            FontMetrics fm = g.getFontMetrics();
            String s = labels.get(i);
            g.drawString(s, left - 6 - fm.stringWidth(s), top + i * cell + cell / 2 + fm.getAscent() / 2 - 1);
            AffineTransform saved = g.getTransform();
            g.translate(left + i * cell + cell / 2 + fm.getAscent() / 2 - 1, top + n * cell + 6);
            if (s.length() > 2) {
                g.rotate(Math.PI / 2);
                g.drawString(s, 0, 0);
            } else {
                g.drawString(s, -fm.getAscent() / 2 - fm.stringWidth(s) / 2 + 3, fm.getAscent());
            }
            g.setTransform(saved);
        }
        g.drawString("predicted class", left + n * cell / 2 - 45, height - 10);
        AffineTransform saved = g.getTransform();
        g.translate(16, top + n * cell / 2 + 30);
        g.rotate(-Math.PI / 2);
        g.drawString("true class", 0, 0);
        g.setTransform(saved);
        g.dispose();
        return img;
    }

    /** Writes the heat map as a PNG file (atomically). */
    public Path savePng(Path file) throws IOException {
        return Charts.writePng(image(), file);
    }

    private static Color shade(double share, boolean diagonal) {
        if (share == 0) {
            return Color.WHITE;
        }
        // off the diagonal even a few mistakes should show: stretch small shares
        double t = diagonal ? share : Math.min(1, Math.sqrt(share * 4));
        Color full = diagonal ? new Color(33, 90, 170) : new Color(200, 40, 40);
        return new Color(mix(255, full.getRed(), t), mix(255, full.getGreen(), t), mix(255, full.getBlue(), t));
    }

    private static int mix(int from, int to, double t) {
        return (int) Math.round(from + (to - from) * t);
    }

    private static void centre(Graphics2D g, String s, int cx, int cy) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(s, cx - fm.stringWidth(s) / 2, cy + fm.getAscent() / 2 - 1);
    }

    @Override
    public String toString() {
        return "ConfusionMatrixChart '" + title + "' " + counts.length + "x" + counts.length;
    }
}
