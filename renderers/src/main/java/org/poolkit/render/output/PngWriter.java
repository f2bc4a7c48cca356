package org.poolkit.render.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.LineMetrics;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

import org.poolkit.render.lens.Grid;
import org.poolkit.render.lens.LensMaps;
import org.poolkit.render.lens.Quantity;

/**
 * Writes a PNG preview per map of a {@link LensMaps}, {@code <quantity>.png}: the map in colour with y up (grid
 * row 0 at the bottom), a colour bar on the right with tick labels and the quantity's name and unit, and, when the
 * maps include {@link Quantity#INVMAG}, the critical curves over the {@code kappa} and {@code image} previews.
 * The package documentation describes the sizes and scalings.
 *
 * <p>Draws only into off-screen images, so it runs headless ({@code java.awt.headless=true}, or no display at
 * all). Stateless and thread-safe; concurrent calls must not write the same files.
 *
 * @since 0.1
 */
public final class PngWriter {

    /** Grids longer than this on either side are shrunk, by averaging blocks of pixels, to at most this size. */
    public static final int MAX_SIDE_PX = 1024;
    /** Grids shorter than this on both sides are enlarged, repeating pixels, to at least this on the longer side. */
    public static final int MIN_SIDE_PX = 256;
    /** The colour of the critical curves, 0xRRGGBB (cyan: absent from the viridis and inferno maps). */
    public static final int CRITICAL_CURVE_RGB = 0x00ffff;

    /** White space around the picture. */
    static final int MARGIN_PX = 10;
    /** Space between the map and the colour bar. */
    static final int BAR_GAP_PX = 12;
    /** Width of the colour bar. */
    static final int BAR_WIDTH_PX = 20;
    /** The colour bar is at least this tall, even beside a flat map. */
    static final int MIN_BAR_HEIGHT_PX = 200;

    private static final int TICK_PX = 5;
    private static final int LABEL_GAP_PX = 3;
    private static final int TITLE_GAP_PX = 8;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final FontRenderContext FONT_CONTEXT = new FontRenderContext(null, true, true);

    private PngWriter() {
    }

    /**
     * Writes one preview {@code <quantity.fileName()>.png} per quantity present, creating {@code dir} if needed
     * and replacing files of the same name. Critical curves are drawn only when the maps include
     * {@link Quantity#INVMAG}; to get them, render invmag along with kappa or image.
     *
     * @param maps the maps
     * @param dir  the output directory
     * @return the files written, in {@link Quantity} order
     * @throws IOException if a directory or file cannot be written
     */
    public static List<Path> write(LensMaps maps, Path dir) throws IOException {
        return write(maps, dir, maps.quantities());
    }

    /**
     * Writes previews of some of the quantities present, as {@link #write(LensMaps, Path)} does; the critical
     * curves still come from the maps' {@link Quantity#INVMAG} when present, whether or not invmag is among
     * {@code quantities}. So a caller can render invmag for the curves without writing its preview.
     *
     * @param maps       the maps
     * @param dir        the output directory
     * @param quantities the quantities to preview, each present in {@code maps}
     * @return the files written, in {@link Quantity} order
     * @throws IllegalArgumentException if a quantity was not rendered
     * @throws IOException              if a directory or file cannot be written
     */
    public static List<Path> write(LensMaps maps, Path dir, Set<Quantity> quantities) throws IOException {
        EnumSet<Quantity> wanted = quantities.isEmpty() ? EnumSet.noneOf(Quantity.class) : EnumSet.copyOf(quantities);
        for (Quantity quantity : wanted) {
            maps.get(quantity);
        }
        Files.createDirectories(dir);
        Grid grid = maps.grid();
        Layout layout = Layout.of(grid);
        boolean[] curves = maps.quantities().contains(Quantity.INVMAG)
                && (wanted.contains(Quantity.KAPPA) || wanted.contains(Quantity.IMAGE))
                ? criticalCurves(maps.get(Quantity.INVMAG), grid, layout) : null;
        List<Path> written = new ArrayList<>();
        for (Quantity quantity : wanted) {
            double[] values = maps.get(quantity);
            boolean overlay = quantity == Quantity.KAPPA || quantity == Quantity.IMAGE;
            BufferedImage image = render(layout.resample(values, grid), layout, DisplayScale.of(quantity, values),
                    overlay ? curves : null);
            Path file = dir.resolve(quantity.fileName() + ".png");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IOException(file + ": this JVM has no PNG image writer");
                }
            }
            written.add(file);
        }
        return List.copyOf(written);
    }

    /**
     * The map's part of the picture: {@code width × height} display pixels, each either {@code up × up} pixels
     * of one grid point ({@code up > 1}) or the average of a {@code down × down} block of grid points.
     *
     * @param up     enlargement factor, 1 when not enlarged
     * @param down   reduction factor, 1 when not reduced
     * @param width  display pixels across
     * @param height display pixels up
     */
    record Layout(int up, int down, int width, int height) {

        /**
         * Chooses the layout for a grid.
         *
         * @param grid the grid
         * @return 1:1, reduced to at most {@link #MAX_SIDE_PX} or enlarged to at least {@link #MIN_SIDE_PX}
         */
        static Layout of(Grid grid) {
            int longer = Math.max(grid.nx(), grid.ny());
            if (longer > MAX_SIDE_PX) {
                int down = ceilDiv(longer, MAX_SIDE_PX);
                return new Layout(1, down, ceilDiv(grid.nx(), down), ceilDiv(grid.ny(), down));
            }
            if (longer < MIN_SIDE_PX) {
                int up = ceilDiv(MIN_SIDE_PX, longer);
                return new Layout(up, 1, grid.nx() * up, grid.ny() * up);
            }
            return new Layout(1, 1, grid.nx(), grid.ny());
        }

        /**
         * Resamples a map for display: repeats pixels when enlarging; when reducing, averages each block, leaving
         * out NaN and infinities (NaN where nothing is left).
         *
         * @param values the map, row-major on {@code grid}
         * @param grid   the grid
         * @return {@code width·height} display values, row-major, row 0 at the bottom
         */
        double[] resample(double[] values, Grid grid) {
            int nx = grid.nx();
            double[] display = new double[width * height];
            if (down == 1) {
                for (int py = 0; py < height; py++) {
                    for (int px = 0; px < width; px++) {
                        display[py * width + px] = values[(py / up) * nx + px / up];
                    }
                }
                return display;
            }
            int[] counts = new int[display.length];
            for (int j = 0; j < grid.ny(); j++) {
                for (int i = 0; i < nx; i++) {
                    double v = values[j * nx + i];
                    if (Double.isFinite(v)) {
                        int k = (j / down) * width + i / down;
                        display[k] += v;
                        counts[k]++;
                    }
                }
            }
            for (int k = 0; k < display.length; k++) {
                display[k] = counts[k] == 0 ? Double.NaN : display[k] / counts[k];
            }
            return display;
        }
    }

    /**
     * Marks the display pixels on a critical curve: both pixels of each pair of horizontal or vertical
     * neighbours whose invmag values have different signs (computed at full resolution and merged into blocks
     * when reducing; on the enlarged map when enlarging, so the lines stay thin).
     *
     * @param invmag the invmag map, row-major on {@code grid}
     * @param grid   the grid
     * @param layout the display layout
     * @return per display pixel (row-major, row 0 at the bottom), whether it is on a curve
     */
    static boolean[] criticalCurves(double[] invmag, Grid grid, Layout layout) {
        if (layout.up() > 1) {
            return signChanges(layout.resample(invmag, grid), layout.width(), layout.height());
        }
        boolean[] full = signChanges(invmag, grid.nx(), grid.ny());
        if (layout.down() == 1) {
            return full;
        }
        boolean[] mask = new boolean[layout.width() * layout.height()];
        for (int j = 0; j < grid.ny(); j++) {
            for (int i = 0; i < grid.nx(); i++) {
                if (full[j * grid.nx() + i]) {
                    mask[(j / layout.down()) * layout.width() + i / layout.down()] = true;
                }
            }
        }
        return mask;
    }

    private static boolean[] signChanges(double[] values, int width, int height) {
        boolean[] mask = new boolean[values.length];
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                int k = j * width + i;
                if (i + 1 < width && changesSign(values[k], values[k + 1])) {
                    mask[k] = true;
                    mask[k + 1] = true;
                }
                if (j + 1 < height && changesSign(values[k], values[k + width])) {
                    mask[k] = true;
                    mask[k + width] = true;
                }
            }
        }
        return mask;
    }

    private static boolean changesSign(double a, double b) {
        return !Double.isNaN(a) && !Double.isNaN(b) && Math.signum(a) != Math.signum(b);
    }

    private static BufferedImage render(double[] display, Layout layout, DisplayScale scale, boolean[] curves) {
        int w = layout.width();
        int h = layout.height();
        List<DisplayScale.Tick> ticks = scale.ticks();
        double labelWidth = 0;
        for (DisplayScale.Tick tick : ticks) {
            labelWidth = Math.max(labelWidth, FONT.getStringBounds(tick.label(), FONT_CONTEXT).getWidth());
        }
        LineMetrics metrics = FONT.getLineMetrics("0123456789", FONT_CONTEXT);
        int textHeight = (int) Math.ceil(metrics.getAscent() + metrics.getDescent());
        int barX = MARGIN_PX + w + BAR_GAP_PX;
        int barH = Math.max(h, MIN_BAR_HEIGHT_PX);
        int labelX = barX + BAR_WIDTH_PX + TICK_PX + LABEL_GAP_PX;
        int titleX = labelX + (int) Math.ceil(labelWidth) + TITLE_GAP_PX;
        BufferedImage image = new BufferedImage(titleX + textHeight + MARGIN_PX, barH + 2 * MARGIN_PX,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            int[] rgb = new int[w * h];
            for (int row = 0; row < h; row++) {
                int py = h - 1 - row;
                for (int px = 0; px < w; px++) {
                    int k = py * w + px;
                    rgb[row * w + px] = curves != null && curves[k] ? CRITICAL_CURVE_RGB : scale.rgb(display[k]);
                }
            }
            image.setRGB(MARGIN_PX, MARGIN_PX, w, h, rgb, 0, w);
            for (int y = 0; y < barH; y++) {
                int colour = scale.colours().rgb((barH - 1 - y) / (double) (barH - 1));
                for (int x = barX; x < barX + BAR_WIDTH_PX; x++) {
                    image.setRGB(x, MARGIN_PX + y, colour);
                }
            }
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1));
            g.setFont(FONT);
            g.drawRect(barX - 1, MARGIN_PX - 1, BAR_WIDTH_PX + 1, barH + 1);
            float centre = (metrics.getAscent() - metrics.getDescent()) / 2;
            int lastLabelY = Integer.MAX_VALUE;
            for (DisplayScale.Tick tick : ticks) {
                int y = MARGIN_PX + (int) Math.round((1 - tick.position()) * (barH - 1));
                g.drawLine(barX + BAR_WIDTH_PX, y, barX + BAR_WIDTH_PX + TICK_PX - 1, y);
                if (lastLabelY - y >= textHeight) {
                    g.drawString(tick.label(), (float) labelX, y + centre);
                    lastLabelY = y;
                }
            }
            double titleWidth = FONT.getStringBounds(scale.title(), FONT_CONTEXT).getWidth();
            AffineTransform plain = g.getTransform();
            g.translate(titleX + metrics.getAscent(), MARGIN_PX + barH / 2.0);
            g.rotate(-Math.PI / 2);
            g.drawString(scale.title(), (float) (-titleWidth / 2), 0f);
            g.setTransform(plain);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
