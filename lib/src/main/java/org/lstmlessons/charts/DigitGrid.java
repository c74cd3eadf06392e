package org.lstmlessons.charts;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A grid of small grey-scale images, each with a caption under it: lesson 3 shows the test digits
 * the network got wrong, captioned "pred 5 / true 3". Made by {@link Charts#digits(String)}.
 * Images are {@code [rows][cols]} arrays of intensities in [0, 1] (1 = ink, drawn dark).
 */
public final class DigitGrid {

    private record Tile(float[][] pixels, String caption, boolean highlight) {
    }

    private final String title;
    private final List<Tile> tiles = new ArrayList<>();
    private int columns = 10;
    private int scale = 3;

    DigitGrid(String title) {
        this.title = title;
    }

    /** Adds an image with a caption (drawn black). */
    public DigitGrid add(float[][] pixels, String caption) {
        return add(pixels, caption, false);
    }

    /** Adds an image with a caption, drawn red when {@code highlight} (e.g. a wrong prediction). */
    public DigitGrid add(float[][] pixels, String caption, boolean highlight) {
        if (pixels == null || pixels.length == 0 || pixels[0].length == 0) {
            throw new IllegalArgumentException("DigitGrid '" + title + "': an image needs [rows][cols] pixels, got none.");
        }
        for (float[] row : pixels) {
            if (row.length != pixels[0].length) {
                throw new IllegalArgumentException("DigitGrid '" + title + "': image rows differ in length ("
                        + row.length + " vs " + pixels[0].length + ").");
            }
        }
        tiles.add(new Tile(pixels, caption, highlight));
        return this;
    }

    /** Images per row of the grid (default 10). */
    public DigitGrid columns(int n) {
        if (n < 1 || n > 50) {
            throw new IllegalArgumentException("DigitGrid: columns must be 1..50, got " + n + ".");
        }
        this.columns = n;
        return this;
    }

    /** Screen pixels per image pixel (default 3: a 28x28 digit becomes 84x84). */
    public DigitGrid scale(int s) {
        if (s < 1 || s > 10) {
            throw new IllegalArgumentException("DigitGrid: scale must be 1..10, got " + s + ".");
        }
        this.scale = s;
        return this;
    }

    /** How many images were added. */
    public int size() {
        return tiles.size();
    }

    /** Renders the grid. */
    public BufferedImage image() {
        if (tiles.isEmpty()) {
            throw new IllegalStateException("DigitGrid '" + title + "' has no images; add some with add(...).");
        }
        int maxRows = tiles.stream().mapToInt(t -> t.pixels().length).max().orElse(1);
        int maxCols = tiles.stream().mapToInt(t -> t.pixels()[0].length).max().orElse(1);
        Font captionFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D sg = scratch.createGraphics();
        FontMetrics cm = sg.getFontMetrics(captionFont);
        int widestCaption = tiles.stream().mapToInt(t -> cm.stringWidth(t.caption())).max().orElse(0);
        sg.dispose();
        int tileW = Math.max(maxCols * scale, widestCaption + 6);
        int tileH = maxRows * scale;
        int captionH = 18;
        int gap = 8;
        int top = 34;
        int cols = Math.min(columns, tiles.size());
        int gridRows = (tiles.size() + cols - 1) / cols;
        int width = Math.max(gap + cols * (tileW + gap), 240);
        int height = top + gridRows * (tileH + captionH + gap) + gap;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Charts.titledCanvas(img, title, gap, 22);
        g.setFont(captionFont);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < tiles.size(); i++) {
            Tile t = tiles.get(i);
            int x0 = gap + (i % cols) * (tileW + gap);
            int y0 = top + (i / cols) * (tileH + captionH + gap);
            int offset = (tileW - t.pixels()[0].length * scale) / 2;
            for (int r = 0; r < t.pixels().length; r++) {
                for (int c = 0; c < t.pixels()[r].length; c++) {
                    float v = Math.max(0f, Math.min(1f, t.pixels()[r][c]));
                    int grey = Math.round(255 * (1 - v));
                    g.setColor(new Color(grey, grey, grey));
                    g.fillRect(x0 + offset + c * scale, y0 + r * scale, scale, scale);
                }
            }
            g.setColor(new Color(200, 200, 200));
            g.drawRect(x0 + offset, y0, t.pixels()[0].length * scale - 1, t.pixels().length * scale - 1);
            g.setColor(t.highlight() ? new Color(190, 30, 30) : Color.BLACK);
            g.drawString(t.caption(), x0 + (tileW - fm.stringWidth(t.caption())) / 2, y0 + tileH + fm.getAscent() + 2);
        }
        g.dispose();
        return img;
    }

    /** Writes the grid as a PNG file (atomically). */
    public Path savePng(Path file) throws IOException {
        return Charts.writePng(image(), file);
    }

    @Override
    public String toString() {
        return "DigitGrid '" + title + "' of " + tiles.size() + " images";
    }
}
