package org.poolkit.render.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poolkit.render.lens.Grid;
import org.poolkit.render.lens.LensMaps;
import org.poolkit.render.lens.Quantity;

class FitsWriterTest {

    /** Spacings that are not exact in decimal: dx = 4/15, dy = 4.3/7. */
    private static final Grid GRID = new Grid(-1.25, 2.75, -3.1, 1.2, 16, 8);

    @TempDir
    Path dir;

    private static double pattern(int i, int j) {
        return i + 1000.0 * j;
    }

    @Test
    void write_knownPattern_roundTripsBitExact() throws Exception {
        double[] values = TestMaps.fill(GRID, (i, j, x, y) -> pattern(i, j) + 1e-13 * (i + 1) / 3);
        values[3] = Double.NaN;
        values[4] = Double.POSITIVE_INFINITY;
        values[5] = -0.0;
        values[6] = Double.MIN_VALUE;
        List<Path> files = FitsWriter.write(new LensMaps(GRID, Map.of(Quantity.ALPHA_X, values)), dir);

        assertEquals(List.of(dir.resolve("alpha_x.fits")), files);
        double[] back = FitsWriter.read(files.get(0));
        assertEquals(values.length, back.length);
        for (int k = 0; k < values.length; k++) {
            assertEquals(Double.doubleToLongBits(values[k]), Double.doubleToLongBits(back[k]), "element " + k);
        }
    }

    @Test
    void write_firstFitsPixel_isGridMinCorner() throws Exception {
        FitsWriter.write(TestMaps.of(GRID, (i, j, x, y) -> pattern(i, j), Quantity.KAPPA), dir);
        try (Fits fits = new Fits(dir.resolve("kappa.fits").toFile())) {
            BasicHDU<?> hdu = fits.readHDU();
            double[][] rows = (double[][]) hdu.getKernel();
            assertEquals(GRID.ny(), rows.length);
            assertEquals(GRID.nx(), rows[0].length);
            assertEquals(pattern(0, 0), rows[0][0]);
            assertEquals(pattern(GRID.nx() - 1, 0), rows[0][GRID.nx() - 1]);
            assertEquals(pattern(2, 5), rows[5][2]);
        }
    }

    @Test
    void write_header_unitsAndLinearWcs() throws Exception {
        FitsWriter.write(TestMaps.of(GRID, (i, j, x, y) -> x, Quantity.ALPHA_X, Quantity.KAPPA, Quantity.DENSITY),
                dir);

        Header alpha = header(dir.resolve("alpha_x.fits"));
        assertEquals(-64, alpha.getIntValue("BITPIX"));
        assertEquals(2, alpha.getIntValue("NAXIS"));
        assertEquals(GRID.nx(), alpha.getIntValue("NAXIS1"));
        assertEquals(GRID.ny(), alpha.getIntValue("NAXIS2"));
        assertEquals("arcsec", alpha.getStringValue("BUNIT"));
        assertEquals("THETA_X", alpha.getStringValue("CTYPE1"));
        assertEquals("THETA_Y", alpha.getStringValue("CTYPE2"));
        assertEquals("arcsec", alpha.getStringValue("CUNIT1"));
        assertEquals("arcsec", alpha.getStringValue("CUNIT2"));
        assertEquals(1.0, alpha.getDoubleValue("CRPIX1"));
        assertEquals(1.0, alpha.getDoubleValue("CRPIX2"));
        assertEquals(GRID.xminArcsec(), alpha.getDoubleValue("CRVAL1"));
        assertEquals(GRID.yminArcsec(), alpha.getDoubleValue("CRVAL2"));
        assertEquals(GRID.dxArcsec(), alpha.getDoubleValue("CDELT1"));
        assertEquals(GRID.dyArcsec(), alpha.getDoubleValue("CDELT2"));
        assertEquals("alpha_x", alpha.getStringValue("QUANTITY"));
        assertEquals(Quantity.ALPHA_X.description(), alpha.findCard("QUANTITY").getComment());

        Header kappa = header(dir.resolve("kappa.fits"));
        assertTrue(kappa.containsKey("BUNIT"), "dimensionless BUNIT is written, as ''");
        assertEquals("", kappa.getStringValue("BUNIT"));
        assertEquals("kappa", kappa.getStringValue("QUANTITY"));
        assertEquals("kg/m2", header(dir.resolve("density.fits")).getStringValue("BUNIT"));
    }

    @Test
    void readGrid_writtenFile_givesTheGrid() throws Exception {
        FitsWriter.write(TestMaps.of(GRID, (i, j, x, y) -> y, Quantity.POTENTIAL), dir);
        Grid back = FitsWriter.readGrid(dir.resolve("potential.fits"));
        assertEquals(GRID.nx(), back.nx());
        assertEquals(GRID.ny(), back.ny());
        assertEquals(GRID.xminArcsec(), back.xminArcsec());
        assertEquals(GRID.yminArcsec(), back.yminArcsec());
        assertEquals(GRID.xmaxArcsec(), back.xmaxArcsec(), 1e-12);
        assertEquals(GRID.ymaxArcsec(), back.ymaxArcsec(), 1e-12);
    }

    @Test
    void write_missingDirAndExistingFile_createsAndReplaces() throws Exception {
        Path nested = dir.resolve("a/b");
        FitsWriter.write(TestMaps.of(GRID, (i, j, x, y) -> 1, Quantity.AXX, Quantity.AYY), nested);
        Files.writeString(nested.resolve("axy.fits"), "x".repeat(100_000));
        List<Path> files = FitsWriter.write(TestMaps.of(GRID, (i, j, x, y) -> 2, Quantity.AXX, Quantity.AXY), nested);

        assertEquals(List.of(nested.resolve("axx.fits"), nested.resolve("axy.fits")), files);
        assertEquals(2.0, FitsWriter.read(nested.resolve("axx.fits"))[7]);
        assertArrayEquals(TestMaps.fill(GRID, (i, j, x, y) -> 2), FitsWriter.read(nested.resolve("axy.fits")));
        assertEquals(2880 * 2, Files.size(nested.resolve("axy.fits")), "old longer content truncated");
    }

    @Test
    void write_sameMapsTwice_sameBytes() throws Exception {
        LensMaps maps = TestMaps.of(GRID, (i, j, x, y) -> x * y, Quantity.INVMAG);
        byte[] first = Files.readAllBytes(FitsWriter.write(maps, dir.resolve("1")).get(0));
        Thread.sleep(1100);
        byte[] second = Files.readAllBytes(FitsWriter.write(maps, dir.resolve("2")).get(0));
        assertArrayEquals(first, second, "no timestamp in the header");
    }

    @Test
    void write_noQuantities_writesNothing() throws Exception {
        assertTrue(FitsWriter.write(new LensMaps(GRID, Map.of()), dir).isEmpty());
        try (var listing = Files.list(dir)) {
            assertFalse(listing.findAny().isPresent());
        }
    }

    @Test
    void read_notFits_throwsIoExceptionNamingFile() throws Exception {
        Path file = dir.resolve("junk.fits");
        Files.writeString(file, "not a FITS file");
        IOException e = assertThrows(IOException.class, () -> FitsWriter.read(file));
        assertTrue(e.getMessage().contains("junk.fits"), e.getMessage());
    }

    private static Header header(Path file) throws Exception {
        try (Fits fits = new Fits(file.toFile())) {
            return fits.readHDU().getHeader();
        }
    }
}
