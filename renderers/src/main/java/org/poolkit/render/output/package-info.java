/**
 * Files from rendered lens maps: FITS for numbers, PNG for a look.
 *
 * <h2>FITS: {@link org.poolkit.render.output.FitsWriter}</h2>
 * {@code FitsWriter.write(maps, dir)} writes one file per quantity rendered, named after
 * {@link org.poolkit.render.lens.Quantity#fileName()}: {@code alpha_x.fits}, {@code kappa.fits}, … Each holds the
 * map as the primary image, 64-bit doubles, exactly the values computed (NaN included):
 * <ul>
 *   <li>{@code NAXIS1} is x ({@code nx} columns), {@code NAXIS2} is y; FITS pixel (1, 1) is the grid's
 *       (xmin, ymin) corner, so FITS viewers show the map with y up, the way the renderer sees it.</li>
 *   <li>{@code BUNIT} is the quantity's unit ({@code arcsec}, {@code arcsec2}, {@code kg/m2}); for the
 *       dimensionless quantities (derivatives, kappa, invmag, image) it is the empty string {@code ''}.</li>
 *   <li>A linear WCS maps pixels to angles on the lens plane: {@code CTYPE1 = 'THETA_X'},
 *       {@code CTYPE2 = 'THETA_Y'}, {@code CUNIT1 = CUNIT2 = 'arcsec'}, {@code CRPIX1 = CRPIX2 = 1},
 *       {@code CRVAL1 = xmin}, {@code CRVAL2 = ymin}, {@code CDELT1 = dx}, {@code CDELT2 = dy}: pixel (i, j),
 *       counted from 1, is at x = xmin + (i − 1)·dx, y = ymin + (j − 1)·dy arcsec.</li>
 *   <li>{@code QUANTITY} names the quantity, its comment describes it; {@code ORIGIN = 'poolkit'}.</li>
 * </ul>
 * {@link org.poolkit.render.output.FitsWriter#read(java.nio.file.Path)} gives the map back as a row-major array
 * (pixel (i, j) at {@code j·nx + i}) and
 * {@link org.poolkit.render.output.FitsWriter#readGrid(java.nio.file.Path)} its grid.
 *
 * <h2>PNG previews: {@link org.poolkit.render.output.PngWriter}</h2>
 * {@code PngWriter.write(maps, dir)} writes {@code <quantity>.png} per quantity: the map with y up (grid row 0 at
 * the bottom), and on its right a colour bar with four to six labelled ticks and the quantity's name and unit.
 * One grid point is one picture pixel, except that grids longer than 1024 points on a side are shrunk by an
 * integer factor (each pixel the mean of a block, NaN and infinities left out) and grids shorter than 256 points
 * on both sides are enlarged by an integer factor (pixels repeated). The colours:
 * <ul>
 *   <li>{@code density}, {@code kappa}: viridis on a log10 scale from max/10⁴ (or the smallest positive value, if
 *       larger) to the 99.9th percentile, where max is that percentile; values ≤ 0 take the low-end colour. A map
 *       with no positive values falls back to the linear scale below.</li>
 *   <li>{@code invmag}: a blue–white–red diverging map, white at 0, from −L to +L with L the 98th percentile of
 *       |invmag|: blue where the image is parity-flipped, red where it is not.</li>
 *   <li>{@code image}: inferno, linear from 0 to the maximum.</li>
 *   <li>the deflection, its derivatives and the potential: viridis, linear from the 0.5th to the 99.5th
 *       percentile.</li>
 * </ul>
 * Values beyond the limits take the end colours; NaN is grey. NaN and infinities never set a limit, and a flat
 * map gets limits around its value.
 *
 * <h2>Critical curves</h2>
 * When the maps include {@code invmag}, the critical curves (where invmag = 0) are drawn in cyan, 1–2 pixels
 * wide, over the {@code kappa} and {@code image} previews: every pixel whose invmag has a different sign from its
 * right or upper neighbour's is marked, and so is that neighbour. Without {@code invmag} there are no curves, so a
 * caller that wants them renders invmag too. The FITS files never contain curves.
 *
 * <h2>Threads</h2>
 * Both writers are stateless static methods, safe to call from any threads at once, as long as concurrent calls
 * do not write into the same files. They read the maps' arrays and never change them.
 *
 * @since 0.1
 */
package org.poolkit.render.output;
