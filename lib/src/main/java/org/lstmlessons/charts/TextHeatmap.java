package org.lstmlessons.charts;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * A passage of text, one character per cell, each cell's background coloured by a number: lesson 6
 * colours a passage by one LSTM unit's output {@code h} at each character. Values in [-1, 1] (what
 * {@code tanh} gives) are drawn blue (-1) through white (0) to red (+1); larger ones are clipped.
 * Line breaks in the text start new rows. Made by {@link Charts#textHeat(String, String, double[])}.
 */
public final class TextHeatmap {

    private final String title;
    private final int[] codePoints;
    private final double[] values;
    private static final int FONT_SIZE = 14;

    TextHeatmap(String title, String text, double[] values) {
        this.codePoints = text.codePoints().toArray();
        if (codePoints.length != values.length) {
            throw new IllegalArgumentException("TextHeatmap '" + title + "': " + codePoints.length + " characters but "
                    + values.length + " values; give one value per character.");
        }
        this.title = title;
        this.values = values.clone();
    }

    /** The colour of {@code v}: blue for -1, white for 0, red for +1. */
    static Color colour(double v) {
        double x = Math.max(-1, Math.min(1, Double.isNaN(v) ? 0 : v));
        int fade = (int) Math.round(255 * (1 - Math.abs(x)));
        return x >= 0 ? new Color(255, fade, fade) : new Color(fade, fade, 255);
    }

    /** Renders the passage. */
    public BufferedImage image() {
        Font font = new Font(Font.MONOSPACED, Font.PLAIN, FONT_SIZE);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(font);
        int cw = fm.charWidth('m');
        int ch = fm.getHeight();
        pg.dispose();
        int rows = 1;
        int col = 0;
        int maxCol = 1;
        for (int c : codePoints) {
            if (c == '\n') {
                rows++;
                col = 0;
            } else {
                col++;
                maxCol = Math.max(maxCol, col);
            }
        }
        int pad = 10;
        int top = 30;
        int width = Math.max(2 * pad + (maxCol + 1) * cw, 320);
        int height = top + rows * ch + pad;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Charts.titledCanvas(img, title, pad, 20);
        g.setFont(font);
        int row = 0;
        col = 0;
        for (int i = 0; i < codePoints.length; i++) {
            int x = pad + col * cw;
            int y = top + row * ch;
            g.setColor(colour(values[i]));
            if (codePoints[i] == '\n') {
                g.fillRect(x, y, cw, ch);          // the line break itself has a value too: shown as "¶"
                g.setColor(Color.GRAY);
                g.drawString("\u00b6", x, y + fm.getAscent());
                row++;
                col = 0;
                continue;
            }
            g.fillRect(x, y, cw, ch);
            g.setColor(Color.BLACK);
            g.drawString(new String(Character.toChars(codePoints[i])), x, y + fm.getAscent());
            col++;
        }
        g.dispose();
        return img;
    }

    @Override
    public String toString() {
        return "TextHeatmap '" + title + "' of " + codePoints.length + " characters";
    }
}
