package org.poolkit.render.lens;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.poolkit.render.Tile;

/**
 * A {@link LensPlane} in the device's single-precision units, converted on the host in double: lengths are measured
 * from the grid centre in units of the lens scale S = max((xmax − xmin)/2, (ymax − ymin)/2) arcsec (GRALE divides by
 * a lens scale the same way), so grid points lie in [−1, 1]; then α̂ is α̂/S, the
 * derivatives are unchanged, ψ̂ is ψ̂/S² less a constant from the logarithms, and Σ is in units of Σcr. The leaf
 * layout is {@link LensPlane}'s with two more floats ({@link #STRIDE} per leaf: type, cx, cy, cos, sin, factor,
 * p0 … p5, then cx low at {@link #LEAF_X_LO} and cy low at {@link #LEAF_Y_LO}) and the parameters rescaled:
 * <ul>
 *   <li>point mass: k/S²; ψ constant k/S²·ln S</li>
 *   <li>SIS: a/S, Σ coefficient/(S·Σcr)</li>
 *   <li>Plummer: k/S², w²/S², Σ coefficient/(S⁴·Σcr); ψ constant k/S²·ln S</li>
 *   <li>NSIE: F, s/S, A/S, Σ coefficient/(S·Σcr), potential coefficient/S²; ψ constant −2·(coefficient/S²)·ln S</li>
 * </ul>
 * Shifting the origin changes nothing (every quantity depends on θ − θ_leaf) but keeps the float coordinates as
 * fine as the grid needs even when the grid lies far from the origin.
 *
 * <p>Positions, of leaves and of grid points, go to the device as two floats, {@code hi = (float) X} and
 * {@code lo = (float) (X − hi)}, and the device forms θ − θ_leaf as {@code (hi − hi') + (lo − lo')}: exact in the
 * first difference when the points are close, so the offset keeps float's relative precision even a tiny fraction
 * of a pixel from a lens centre, where α̂ and its derivatives are largest (plain floats would lose about 6e-8 of the
 * lens scale there, i.e. 1e-5 of α̂ at 0.006 S from a point mass).
 */
final class OpenClPlane {

    /** Offset in a device leaf of the low float of the x of its centre. */
    static final int LEAF_X_LO = LensPlane.STRIDE;
    /** Offset in a device leaf of the low float of the y of its centre. */
    static final int LEAF_Y_LO = LensPlane.STRIDE + 1;
    /** Floats per leaf on the device. */
    static final int STRIDE = LensPlane.STRIDE + 2;

    final LensPlane plane;
    final float[] leaves;
    final int leafCount;
    final double originX;
    final double originY;
    final double scale;
    /** Σ over leaves of factor·(ln-constant), added to the device's ψ̂/S² on the host. */
    final double psiConstant;
    final boolean hasSource;
    final float sourceX;
    final float sourceY;
    final float sourceInvTwoSigma2;
    /** Per quantity: host value = (device value + add) · multiply. */
    final double[] multiply = new double[Quantity.COUNT];
    final double[] add = new double[Quantity.COUNT];

    OpenClPlane(LensPlane plane) {
        this.plane = plane;
        Grid grid = plane.grid();
        originX = 0.5 * (grid.xminArcsec() + grid.xmaxArcsec());
        originY = 0.5 * (grid.yminArcsec() + grid.ymaxArcsec());
        scale = Math.max(0.5 * (grid.xmaxArcsec() - grid.xminArcsec()),
                0.5 * (grid.ymaxArcsec() - grid.yminArcsec()));
        double s = scale;
        double s2 = s * s;
        double sigmaCr = plane.criticalDensity();
        double lnScale = Math.log(s);
        double[] l = plane.leaves();
        leafCount = plane.leafCount();
        leaves = new float[STRIDE * leafCount];
        double constant = 0;
        for (int o = 0; o < l.length; o += LensPlane.STRIDE) {
            int type = (int) l[o + LensPlane.LEAF_TYPE];
            double[] p = new double[LensPlane.PARAMETERS];
            double leafConstant;
            switch (type) {
                case LensPlane.POINT_MASS -> {
                    p[0] = l[o + LensPlane.LEAF_P0] / s2;
                    leafConstant = p[0] * lnScale;
                }
                case LensPlane.SIS -> {
                    p[0] = l[o + LensPlane.LEAF_P0] / s;
                    p[1] = l[o + LensPlane.LEAF_P1] / (s * sigmaCr);
                    leafConstant = 0;
                }
                case LensPlane.PLUMMER -> {
                    p[0] = l[o + LensPlane.LEAF_P0] / s2;
                    p[1] = l[o + LensPlane.LEAF_P1] / s2;
                    p[2] = l[o + LensPlane.LEAF_P2] / (s2 * s2 * sigmaCr);
                    leafConstant = p[0] * lnScale;
                }
                case LensPlane.NSIE -> {
                    p[0] = l[o + LensPlane.LEAF_P0];
                    p[1] = l[o + LensPlane.LEAF_P1] / s;
                    p[2] = l[o + LensPlane.LEAF_P2] / s;
                    p[3] = l[o + LensPlane.LEAF_P3] / (s * sigmaCr);
                    p[4] = l[o + LensPlane.LEAF_P4] / s2;
                    leafConstant = -2 * p[4] * lnScale;
                }
                default -> throw new IllegalStateException("OpenCL kernel: unknown leaf type "
                        + l[o + LensPlane.LEAF_TYPE] + " at leaf " + o / LensPlane.STRIDE + "; known: "
                        + LensPlane.POINT_MASS + " (point mass), " + LensPlane.SIS + " (SIS), " + LensPlane.PLUMMER
                        + " (Plummer), " + LensPlane.NSIE + " (NSIE)");
            }
            int d = o / LensPlane.STRIDE * STRIDE;
            double x = (l[o + LensPlane.LEAF_X] - originX) / s;
            double y = (l[o + LensPlane.LEAF_Y] - originY) / s;
            leaves[d + LensPlane.LEAF_TYPE] = type;
            leaves[d + LensPlane.LEAF_X] = toFloat(x, o, "x position");
            leaves[d + LensPlane.LEAF_Y] = toFloat(y, o, "y position");
            leaves[d + LensPlane.LEAF_COS] = (float) l[o + LensPlane.LEAF_COS];
            leaves[d + LensPlane.LEAF_SIN] = (float) l[o + LensPlane.LEAF_SIN];
            leaves[d + LensPlane.LEAF_FACTOR] = toFloat(l[o + LensPlane.LEAF_FACTOR], o, "factor");
            for (int i = 0; i < p.length; i++) {
                leaves[d + LensPlane.LEAF_P0 + i] = toFloat(p[i], o, "parameter p" + i);
            }
            leaves[d + LEAF_X_LO] = (float) (x - leaves[d + LensPlane.LEAF_X]);
            leaves[d + LEAF_Y_LO] = (float) (y - leaves[d + LensPlane.LEAF_Y]);
            constant += l[o + LensPlane.LEAF_FACTOR] * leafConstant;
        }
        psiConstant = constant;
        GaussianSource source = plane.source();
        hasSource = source != null;
        sourceX = hasSource ? (float) ((source.xArcsec() - originX) / s) : 0;
        sourceY = hasSource ? (float) ((source.yArcsec() - originY) / s) : 0;
        sourceInvTwoSigma2 = hasSource
                ? toFloat(s2 / (2 * source.sigmaArcsec() * source.sigmaArcsec()), -1, "source width") : 0;
        Arrays.fill(multiply, 1);
        multiply[Quantity.ALPHA_X.ordinal()] = s;
        multiply[Quantity.ALPHA_Y.ordinal()] = s;
        multiply[Quantity.POTENTIAL.ordinal()] = plane.ratio() * s2;
        add[Quantity.POTENTIAL.ordinal()] = psiConstant;
        multiply[Quantity.DENSITY.ordinal()] = sigmaCr;
    }

    /**
     * Returns the device layout as C preprocessor macros for {@code lens.cl}: {@link LensPlane#macros()} with
     * {@code STRIDE} set to this class's {@link #STRIDE}, plus {@code LEAF_X_LO} and {@code LEAF_Y_LO}.
     */
    static Map<String, Integer> macros() {
        Map<String, Integer> macros = new LinkedHashMap<>(LensPlane.macros());
        macros.put("STRIDE", STRIDE);
        macros.put("LEAF_X_LO", LEAF_X_LO);
        macros.put("LEAF_Y_LO", LEAF_Y_LO);
        return macros;
    }

    /** Rounds to float, refusing what single precision cannot hold. */
    private static float toFloat(double value, int offset, String what) {
        float f = (float) value;
        if (!Float.isFinite(f)) {
            String where = offset < 0 ? "" : " of leaf " + offset / LensPlane.STRIDE;
            throw new IllegalArgumentException("OpenCL kernel: the " + what + where + " (" + value
                    + " in lens-scale units) does not fit in single precision; use --kernel jvm");
        }
        return f;
    }

    /**
     * Returns the tile's grid coordinates in device units, each as hi and lo floats: {@code width} x hi, {@code width}
     * x lo, {@code height} y hi, {@code height} y lo (from {@link Grid#x}, so the last column is exactly xmax's).
     */
    float[] coordinates(Tile tile) {
        Grid grid = plane.grid();
        int w = tile.width();
        int h = tile.height();
        float[] c = new float[2 * (w + h)];
        for (int i = 0; i < w; i++) {
            double x = (grid.x(tile.x0() + i) - originX) / scale;
            c[i] = (float) x;
            c[w + i] = (float) (x - c[i]);
        }
        for (int j = 0; j < h; j++) {
            double y = (grid.y(tile.y0() + j) - originY) / scale;
            c[2 * w + j] = (float) y;
            c[2 * w + h + j] = (float) (y - c[2 * w + j]);
        }
        return c;
    }
}
