package org.poolkit.render.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poolkit.render.lens.Grid;
import org.poolkit.render.lens.LensMaps;
import org.poolkit.render.lens.Quantity;

class PngWriterTest {

    private static final int M = PngWriter.MARGIN_PX;

    @TempDir
    Path dir;

    private static BufferedImage read(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " exists");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " decodes as an image");
        return image;
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xffffff;
    }

    /** The picture pixel of display pixel (px, py), py counted up from the bottom of the map. */
    private static int panel(BufferedImage image, int panelHeight, int px, int py) {
        return rgb(image, M + px, M + panelHeight - 1 - py);
    }

    @Test
    void write_rampsOneToOne_sizeColoursAndYUp() throws Exception {
        Grid grid = new Grid(-3, 3, -2, 2, 300, 220);
        LensMaps maps = new LensMaps(grid, Map.of(
                Quantity.ALPHA_X, TestMaps.fill(grid, (i, j, x, y) -> i),
                Quantity.ALPHA_Y, TestMaps.fill(grid, (i, j, x, y) -> j)));
        List<Path> files = PngWriter.write(maps, dir);
        assertEquals(List.of(dir.resolve("alpha_x.png"), dir.resolve("alpha_y.png")), files);

        BufferedImage ax = read(files.get(0));
        assertEquals(220 + 2 * M, ax.getHeight());
        int barX = M + 300 + PngWriter.BAR_GAP_PX;
        assertTrue(ax.getWidth() > barX + PngWriter.BAR_WIDTH_PX + 20, "room for the tick labels: " + ax.getWidth());
        assertTrue(ax.getWidth() < barX + 200, "no waste: " + ax.getWidth());
        int low = ColourMap.VIRIDIS.lowRgb();
        int high = ColourMap.VIRIDIS.highRgb();
        assertEquals(low, panel(ax, 220, 0, 100), "x = xmin is the low end");
        assertEquals(high, panel(ax, 220, 299, 100), "x = xmax is the high end");
        assertEquals(high, rgb(ax, barX + PngWriter.BAR_WIDTH_PX / 2, M), "bar top");
        assertEquals(low, rgb(ax, barX + PngWriter.BAR_WIDTH_PX / 2, M + 219), "bar bottom");
        assertEquals(0xffffff, rgb(ax, 0, 0), "white margin");

        BufferedImage ay = read(files.get(1));
        assertEquals(low, rgb(ay, M + 150, M + 219), "grid row 0 is at the bottom of the picture");
        assertEquals(high, rgb(ay, M + 150, M), "the last grid row is at the top");
    }

    @Test
    void write_smallGrid_enlargedByRepeatingPixels() throws Exception {
        Grid grid = new Grid(0, 1, 0, 1, 16, 8);
        PngWriter.write(TestMaps.of(grid, (i, j, x, y) -> i, Quantity.AXX), dir);
        BufferedImage image = read(dir.resolve("axx.png"));
        assertEquals(new PngWriter.Layout(16, 1, 256, 128), PngWriter.Layout.of(grid));
        assertEquals(PngWriter.MIN_BAR_HEIGHT_PX + 2 * M, image.getHeight(), "the bar is taller than a flat map");
        for (int px = 0; px < 16; px++) {
            assertEquals(panel(image, 128, 0, 0), panel(image, 128, px, 127), "one grid point is 16x16 pixels");
        }
        assertEquals(ColourMap.VIRIDIS.highRgb(), panel(image, 128, 255, 0));
        assertEquals(0xffffff, rgb(image, M + 10, M + 128 + 5), "white below a map shorter than the bar");
    }

    @Test
    void write_largeGrid_reducedByAveragingBlocks() throws Exception {
        Grid grid = new Grid(0, 1, 0, 1, 2100, 30);
        assertEquals(new PngWriter.Layout(1, 3, 700, 10), PngWriter.Layout.of(grid));
        PngWriter.write(TestMaps.of(grid, (i, j, x, y) -> j < 15 ? 0 : j < 18 ? (j - 15) / 2.0 : 1, Quantity.AYY), dir);
        BufferedImage image = read(dir.resolve("ayy.png"));
        assertTrue(image.getWidth() > M + 700 + PngWriter.BAR_GAP_PX + PngWriter.BAR_WIDTH_PX);
        assertEquals(ColourMap.VIRIDIS.lowRgb(), panel(image, 10, 350, 0));
        assertEquals(ColourMap.VIRIDIS.rgb(0.5), panel(image, 10, 350, 5), "rows 15, 16, 17 (0, 0.5, 1) average to 0.5");
        assertEquals(ColourMap.VIRIDIS.highRgb(), panel(image, 10, 350, 9));
    }

    @Test
    void write_invmagPresent_criticalCurveOnKappaAndImage() throws Exception {
        Grid grid = new Grid(-2, 2, -2, 2, 301, 301);
        LensMaps maps = TestMaps.ring(grid, Quantity.KAPPA, Quantity.INVMAG, Quantity.IMAGE);
        PngWriter.write(maps, dir);

        for (String name : List.of("kappa", "image")) {
            BufferedImage image = read(dir.resolve(name + ".png"));
            int onCurve = 0;
            for (int py = 0; py < 301; py++) {
                for (int px = 0; px < 301; px++) {
                    double r = Math.hypot(grid.x(px), grid.y(py));
                    boolean curve = panel(image, 301, px, py) == PngWriter.CRITICAL_CURVE_RGB;
                    if (curve) {
                        onCurve++;
                        assertTrue(Math.abs(r - 1) < 2 * grid.dxArcsec(), name + ": curve pixel at r = " + r);
                    }
                }
            }
            assertTrue(onCurve > 2 * Math.PI * 75, name + ": the whole circle of radius 75 px is drawn: " + onCurve);
            for (double angle = 0; angle < 2 * Math.PI; angle += 0.1) {
                int px = (int) Math.round(150 + 75 * Math.cos(angle));
                int py = (int) Math.round(150 + 75 * Math.sin(angle));
                assertTrue(nearCurve(image, px, py), name + ": curve near angle " + angle);
            }
        }
        assertEquals(0, count(read(dir.resolve("invmag.png")), PngWriter.CRITICAL_CURVE_RGB), "no curve on invmag");
    }

    private static boolean nearCurve(BufferedImage image, int px, int py) {
        for (int dx = -1; dx <= 1; dx++) {
            for (int dy = -1; dy <= 1; dy++) {
                if (panel(image, 301, px + dx, py + dy) == PngWriter.CRITICAL_CURVE_RGB) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int count(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += rgb(image, x, y) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void write_noInvmag_noCurves() throws Exception {
        Grid grid = new Grid(-2, 2, -2, 2, 301, 301);
        PngWriter.write(TestMaps.ring(grid, Quantity.KAPPA, Quantity.IMAGE), dir);
        assertEquals(0, count(read(dir.resolve("kappa.png")), PngWriter.CRITICAL_CURVE_RGB));
        assertEquals(0, count(read(dir.resolve("image.png")), PngWriter.CRITICAL_CURVE_RGB));
    }

    @Test
    void write_someQuantities_curvesFromUnwrittenInvmag() throws Exception {
        Grid grid = new Grid(-2, 2, -2, 2, 101, 101);
        LensMaps maps = TestMaps.ring(grid, Quantity.KAPPA, Quantity.INVMAG);
        List<Path> files = PngWriter.write(maps, dir, EnumSet.of(Quantity.KAPPA));
        assertEquals(List.of(dir.resolve("kappa.png")), files);
        assertFalse(Files.exists(dir.resolve("invmag.png")));
        assertTrue(count(read(files.get(0)), PngWriter.CRITICAL_CURVE_RGB) > 100);
        assertThrows(IllegalArgumentException.class, () -> PngWriter.write(maps, dir, Set.of(Quantity.IMAGE)));
    }

    @Test
    void write_reducedGrid_curvesStillThin() throws Exception {
        Grid grid = new Grid(-2, 2, -2, 2, 1100, 1100);
        PngWriter.write(TestMaps.ring(grid, Quantity.KAPPA, Quantity.INVMAG), dir, Set.of(Quantity.KAPPA));
        BufferedImage image = read(dir.resolve("kappa.png"));
        int n = count(image, PngWriter.CRITICAL_CURVE_RGB);
        double circumferencePx = 2 * Math.PI * 1100 / 4 / 2;
        assertTrue(n > circumferencePx && n < 3 * circumferencePx, "curve pixels: " + n);
    }

    @Test
    void write_nanInfinitiesAndFlatMaps_doNotFail() throws Exception {
        Grid grid = new Grid(-1, 1, -1, 1, 40, 30);
        double[] holes = TestMaps.fill(grid, (i, j, x, y) -> i < 10 ? Double.NaN : i < 12 ? Double.POSITIVE_INFINITY
                : i < 14 ? Double.NEGATIVE_INFINITY : x);
        double[] nothing = TestMaps.fill(grid, (i, j, x, y) -> Double.NaN);
        double[] flat = TestMaps.fill(grid, (i, j, x, y) -> 5);
        double[] zeros = new double[grid.pixels()];
        double[] negative = TestMaps.fill(grid, (i, j, x, y) -> -1 - i);
        LensMaps maps = new LensMaps(grid, Map.of(Quantity.ALPHA_X, holes, Quantity.ALPHA_Y, nothing,
                Quantity.POTENTIAL, flat, Quantity.DENSITY, zeros, Quantity.KAPPA, negative,
                Quantity.INVMAG, flat, Quantity.IMAGE, zeros, Quantity.AXX, holes.clone()));
        List<Path> files = PngWriter.write(maps, dir);
        assertEquals(8, files.size());
        for (Path file : files) {
            read(file);
        }
        int h = PngWriter.Layout.of(grid).height();
        int up = PngWriter.Layout.of(grid).up();
        BufferedImage alpha = read(dir.resolve("alpha_x.png"));
        assertEquals(DisplayScale.NAN_RGB, panel(alpha, h, 0, 0), "NaN is grey");
        assertEquals(ColourMap.VIRIDIS.highRgb(), panel(alpha, h, 10 * up, 0), "+inf takes the high end");
        assertEquals(ColourMap.VIRIDIS.lowRgb(), panel(alpha, h, 12 * up, 0), "-inf takes the low end");
        assertEquals(ColourMap.VIRIDIS.rgb(0.5), panel(read(dir.resolve("potential.png")), h, 5, 5),
                "a flat map sits mid-scale");
        assertEquals(ColourMap.INFERNO.lowRgb(), panel(read(dir.resolve("image.png")), h, 5, 5), "a dark image");
        assertEquals(ColourMap.DIVERGING.highRgb(), panel(read(dir.resolve("invmag.png")), h, 5, 5));
    }
}
