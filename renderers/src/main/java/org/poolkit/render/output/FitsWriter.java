package org.poolkit.render.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.fits.ImageHDU;
import nom.tam.util.FitsOutputStream;

import org.poolkit.render.lens.Grid;
import org.poolkit.render.lens.LensMaps;
import org.poolkit.render.lens.Quantity;

/**
 * Writes each map of a {@link LensMaps} as a FITS file, {@code <quantity>.fits}, and reads such files back.
 *
 * <p>Each file holds one primary image of 64-bit doubles (BITPIX = −64), {@code NAXIS1 = nx} (x, the fast
 * index) by {@code NAXIS2 = ny}; FITS pixel (1, 1) is grid point (xmin, ymin). The header carries:
 * <ul>
 *   <li>{@code BUNIT}: {@link Quantity#unit()}; for dimensionless quantities it is written as the empty string
 *       {@code ''} (comment "dimensionless"), so a missing {@code BUNIT} never has to be guessed at;</li>
 *   <li>a linear WCS: {@code CTYPE1 = 'THETA_X'}, {@code CTYPE2 = 'THETA_Y'} (angular position on the lens
 *       plane; no projection code, so readers treat the axes as linear), {@code CUNIT1 = CUNIT2 = 'arcsec'},
 *       {@code CRPIX1 = CRPIX2 = 1.0}, {@code CRVAL1 = xmin}, {@code CRVAL2 = ymin}, {@code CDELT1 = dx},
 *       {@code CDELT2 = dy};</li>
 *   <li>{@code QUANTITY}: the quantity's {@link Quantity#fileName() file name}, with its description as the
 *       comment, and {@code ORIGIN = 'poolkit'}.</li>
 * </ul>
 * Values round-trip bit for bit, NaN and infinities included. The header holds no date (nom-tam-fits' default
 * {@code SIMPLE} comment has one), so the same maps give the same bytes.
 *
 * <p>Stateless and thread-safe; concurrent calls must not write the same files.
 *
 * @since 0.1
 */
public final class FitsWriter {

    /** The value of {@code CTYPE1}: angular x on the lens plane, a linear axis. */
    public static final String CTYPE_X = "THETA_X";
    /** The value of {@code CTYPE2}: angular y on the lens plane, a linear axis. */
    public static final String CTYPE_Y = "THETA_Y";
    /** The value of {@code CUNIT1} and {@code CUNIT2}. */
    public static final String AXIS_UNIT = "arcsec";

    private FitsWriter() {
    }

    /**
     * Writes one file {@code <quantity.fileName()>.fits} per quantity present, creating {@code dir} if needed
     * and replacing files of the same name.
     *
     * @param maps the maps
     * @param dir  the output directory
     * @return the files written, in {@link Quantity} order
     * @throws IOException if a directory or file cannot be written
     */
    public static List<Path> write(LensMaps maps, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (Quantity quantity : maps.quantities()) {
            Path file = dir.resolve(quantity.fileName() + ".fits");
            writeOne(maps.grid(), quantity, maps.get(quantity), file);
            written.add(file);
        }
        return List.copyOf(written);
    }

    /**
     * Reads the primary image of a file written by {@link #write} back into a row-major array.
     *
     * @param file a FITS file whose primary HDU is a 2-D image of doubles (BITPIX = −64)
     * @return {@code NAXIS1·NAXIS2} values, x the inner index: pixel (i, j) is element {@code j·NAXIS1 + i}
     * @throws IOException if the file cannot be read or its primary HDU is not a 2-D double image
     */
    public static double[] read(Path file) throws IOException {
        ImageHDU image = primaryImage(file);
        Object kernel = image.getKernel();
        if (!(kernel instanceof double[][] rows)) {
            throw new IOException(file + ": expected a 2-D image of doubles (BITPIX = -64, as FitsWriter writes), got "
                    + (kernel == null ? "no data" : kernel.getClass().getSimpleName()));
        }
        int nx = rows.length == 0 ? 0 : rows[0].length;
        double[] values = new double[Math.multiplyExact(nx, rows.length)];
        for (int j = 0; j < rows.length; j++) {
            System.arraycopy(rows[j], 0, values, j * nx, nx);
        }
        return values;
    }

    /**
     * Reads the grid back from a file's header ({@code NAXISn}, {@code CRPIXn}, {@code CRVALn}, {@code CDELTn}).
     * The far edges are recomputed as {@code min + (n − 1)·delta}, so they may differ from the written grid's in
     * the last bit.
     *
     * @param file a FITS file written by {@link #write}
     * @return the grid, in arcsec
     * @throws IOException if the file cannot be read, lacks these keywords, or they describe no valid grid
     */
    public static Grid readGrid(Path file) throws IOException {
        Header header = primaryImage(file).getHeader();
        for (String key : List.of("NAXIS1", "NAXIS2", "CRVAL1", "CRVAL2", "CDELT1", "CDELT2")) {
            if (!header.containsKey(key)) {
                throw new IOException(file + ": header lacks " + key + "; need NAXIS1/2, CRVAL1/2 and CDELT1/2");
            }
        }
        int nx = header.getIntValue("NAXIS1");
        int ny = header.getIntValue("NAXIS2");
        double dx = header.getDoubleValue("CDELT1");
        double dy = header.getDoubleValue("CDELT2");
        double xmin = header.getDoubleValue("CRVAL1") + (1 - header.getDoubleValue("CRPIX1", 1)) * dx;
        double ymin = header.getDoubleValue("CRVAL2") + (1 - header.getDoubleValue("CRPIX2", 1)) * dy;
        try {
            return new Grid(xmin, xmin + (nx - 1) * dx, ymin, ymin + (ny - 1) * dy, nx, ny);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": header describes no valid grid: " + e.getMessage(), e);
        }
    }

    private static void writeOne(Grid grid, Quantity quantity, double[] values, Path file) throws IOException {
        int nx = grid.nx();
        double[][] rows = new double[grid.ny()][nx];
        for (int j = 0; j < rows.length; j++) {
            System.arraycopy(values, j * nx, rows[j], 0, nx);
        }
        try (Fits fits = new Fits();
             FitsOutputStream out = new FitsOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            BasicHDU<?> hdu = Fits.makeHDU(rows);
            describe(hdu.getHeader(), grid, quantity);
            fits.addHDU(hdu);
            fits.write(out);
        } catch (FitsException e) {
            throw new IOException(file + ": cannot write " + quantity + ": " + e.getMessage(), e);
        }
    }

    private static void describe(Header header, Grid grid, Quantity quantity) throws FitsException {
        HeaderCard simple = header.findCard("SIMPLE");
        if (simple != null) {
            simple.setComment("conforms to the FITS standard");
        }
        String unit = quantity.unit();
        header.addValue("BUNIT", unit, unit.isEmpty() ? "dimensionless" : "unit of the pixel values");
        header.addValue("QUANTITY", quantity.fileName(), quantity.description());
        header.addValue("CTYPE1", CTYPE_X, "angular x on the lens plane, linear");
        header.addValue("CTYPE2", CTYPE_Y, "angular y on the lens plane, linear");
        header.addValue("CUNIT1", AXIS_UNIT, "unit of CRVAL1 and CDELT1");
        header.addValue("CUNIT2", AXIS_UNIT, "unit of CRVAL2 and CDELT2");
        header.addValue("CRPIX1", 1.0, "reference pixel: the first column");
        header.addValue("CRPIX2", 1.0, "reference pixel: the first row");
        header.addValue("CRVAL1", exact(grid.xminArcsec()), "[arcsec] x of the first column (xmin)");
        header.addValue("CRVAL2", exact(grid.yminArcsec()), "[arcsec] y of the first row (ymin)");
        header.addValue("CDELT1", exact(grid.dxArcsec()), "[arcsec] column spacing");
        header.addValue("CDELT2", exact(grid.dyArcsec()), "[arcsec] row spacing");
        header.addValue("ORIGIN", "poolkit", "poolkit gravitational-lens renderer");
    }

    /** The double as its shortest round-tripping decimal: nom-tam-fits' default 16 digits can lose the last bit. */
    private static BigDecimal exact(double value) {
        return new BigDecimal(Double.toString(value));
    }

    private static ImageHDU primaryImage(Path file) throws IOException {
        try (Fits fits = new Fits(file.toFile())) {
            BasicHDU<?> hdu = fits.readHDU();
            if (!(hdu instanceof ImageHDU image)) {
                throw new IOException(file + ": the primary HDU is "
                        + (hdu == null ? "missing" : "not an image but " + hdu.getClass().getSimpleName()));
            }
            image.getKernel();
            return image;
        } catch (FitsException e) {
            throw new IOException(file + ": not a readable FITS file: " + e.getMessage(), e);
        }
    }
}
