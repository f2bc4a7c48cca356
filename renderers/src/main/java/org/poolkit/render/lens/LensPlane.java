package org.poolkit.render.lens;

import static org.poolkit.render.lens.Physics.ARCSEC_RAD;
import static org.poolkit.render.lens.Physics.C;
import static org.poolkit.render.lens.Physics.G;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.poolkit.api.Immutable;

/**
 * A scene flattened for the kernels: every leaf lens of the (possibly nested) composites with its world position,
 * rotation and factor, and its parameters pre-multiplied into arcsec units, in one {@code double[]}; plus the grid,
 * Dds/Ds, Σcr and the source. This is what a render pushes to the workers, once.
 *
 * <p>Leaf layout ({@link #STRIDE} doubles per leaf, at the offsets {@link #LEAF_TYPE} … {@link #LEAF_P5}):
 * {@code type, cx, cy, cos, sin, factor, p0 … p5} with the type codes and parameters
 * <ul>
 *   <li>{@link #POINT_MASS}: p0 = k (arcsec², α̂ = k·θ/|θ|²)</li>
 *   <li>{@link #SIS}: p0 = a (arcsec, α̂ = a·θ/|θ|), p1 = Σ coefficient (Σ = p1/|θ|)</li>
 *   <li>{@link #PLUMMER}: p0 = k (arcsec²), p1 = w² (arcsec²), p2 = Σ coefficient (Σ = p2/(|θ|² + w²)²)</li>
 *   <li>{@link #NSIE}: p0 = F, p1 = s (arcsec), p2 = A (arcsec), p3 = Σ coefficient
 *       (Σ = p3·√(F/(x² + F²y² + s²))), p4 = potential coefficient (arcsec²)</li>
 * </ul>
 * Positions are in arcsec, Σ in kg/m², logarithms take arcsec (ψ is defined up to a constant). The kernels written
 * in OpenCL and C get this layout from {@link #macros()}, so it is defined here only.
 *
 * @since 0.1
 */
public final class LensPlane implements Immutable {

    // where evaluate writes each quantity of a point: the Quantity ordinals (the kernels get them as Q_* macros)
    private static final int Q_ALPHA_X = Quantity.ALPHA_X.ordinal();
    private static final int Q_ALPHA_Y = Quantity.ALPHA_Y.ordinal();
    private static final int Q_AXX = Quantity.AXX.ordinal();
    private static final int Q_AYY = Quantity.AYY.ordinal();
    private static final int Q_AXY = Quantity.AXY.ordinal();
    private static final int Q_POTENTIAL = Quantity.POTENTIAL.ordinal();
    private static final int Q_DENSITY = Quantity.DENSITY.ordinal();
    private static final int Q_KAPPA = Quantity.KAPPA.ordinal();
    private static final int Q_INVMAG = Quantity.INVMAG.ordinal();
    private static final int Q_IMAGE = Quantity.IMAGE.ordinal();

    /** Offset in a leaf of its type code ({@link #POINT_MASS} … {@link #NSIE}). */
    public static final int LEAF_TYPE = 0;
    /** Offset in a leaf of the x of its centre, arcsec. */
    public static final int LEAF_X = 1;
    /** Offset in a leaf of the y of its centre, arcsec. */
    public static final int LEAF_Y = 2;
    /** Offset in a leaf of the cosine of its rotation. */
    public static final int LEAF_COS = 3;
    /** Offset in a leaf of the sine of its rotation. */
    public static final int LEAF_SIN = 4;
    /** Offset in a leaf of its factor (the product of the factors of it and its enclosing composites). */
    public static final int LEAF_FACTOR = 5;
    /** Offset in a leaf of parameter p0 (meaning by type, in the class comment). */
    public static final int LEAF_P0 = 6;
    /** Offset in a leaf of parameter p1. */
    public static final int LEAF_P1 = LEAF_P0 + 1;
    /** Offset in a leaf of parameter p2. */
    public static final int LEAF_P2 = LEAF_P0 + 2;
    /** Offset in a leaf of parameter p3. */
    public static final int LEAF_P3 = LEAF_P0 + 3;
    /** Offset in a leaf of parameter p4. */
    public static final int LEAF_P4 = LEAF_P0 + 4;
    /** Offset in a leaf of parameter p5 (unused so far: zero). */
    public static final int LEAF_P5 = LEAF_P0 + 5;
    /** Parameters per leaf, p0 … p5. */
    public static final int PARAMETERS = 6;
    /** Doubles per leaf. */
    public static final int STRIDE = LEAF_P0 + PARAMETERS;
    /** Type code of a point mass. */
    public static final int POINT_MASS = 1;
    /** Type code of a singular isothermal sphere. */
    public static final int SIS = 2;
    /** Type code of a Plummer sphere. */
    public static final int PLUMMER = 3;
    /** Type code of a non-singular isothermal ellipse. */
    public static final int NSIE = 4;

    private final double[] leaves;
    private final Grid grid;
    private final double ratio;
    private final double criticalDensity;
    private final GaussianSource source;

    private LensPlane(double[] leaves, Grid grid, double ratio, double criticalDensity, GaussianSource source) {
        this.leaves = leaves;
        this.grid = grid;
        this.ratio = ratio;
        this.criticalDensity = criticalDensity;
        this.source = source;
    }

    /**
     * Flattens a scene.
     *
     * @param scene the scene
     * @return the lens plane
     */
    public static LensPlane of(Scene scene) {
        double[] buffer = new double[STRIDE * countLeaves(scene.lenses())];
        int[] next = {0};
        for (PlacedLens lens : scene.lenses()) {
            flatten(lens, scene.distances(), 0, 0, 1, 0, 1, buffer, next);
        }
        Distances d = scene.distances();
        return new LensPlane(buffer, scene.grid(), d.ratio(), d.criticalDensityKgPerM2(), scene.source());
    }

    /**
     * Returns the layout as C preprocessor macros, for the kernels written in OpenCL and C (passed as
     * {@code -DNAME=value}): {@code STRIDE}, {@code PARAMETERS}, {@code LEAF_TYPE} … {@code LEAF_P5} and the type
     * codes {@code POINT_MASS} … {@code NSIE}, each the value of the constant of that name here; {@code QUANTITIES}
     * ({@link Quantity#COUNT}); and {@code Q_ALPHA_X} … {@code Q_IMAGE}, the {@link Quantity} ordinals that index a
     * point's values.
     *
     * @return macro names to values, in the order above
     * @since 0.1
     */
    public static Map<String, Integer> macros() {
        Map<String, Integer> macros = new LinkedHashMap<>();
        macros.put("STRIDE", STRIDE);
        macros.put("PARAMETERS", PARAMETERS);
        macros.put("LEAF_TYPE", LEAF_TYPE);
        macros.put("LEAF_X", LEAF_X);
        macros.put("LEAF_Y", LEAF_Y);
        macros.put("LEAF_COS", LEAF_COS);
        macros.put("LEAF_SIN", LEAF_SIN);
        macros.put("LEAF_FACTOR", LEAF_FACTOR);
        for (int i = 0; i < PARAMETERS; i++) {
            macros.put("LEAF_P" + i, LEAF_P0 + i);
        }
        macros.put("POINT_MASS", POINT_MASS);
        macros.put("SIS", SIS);
        macros.put("PLUMMER", PLUMMER);
        macros.put("NSIE", NSIE);
        macros.put("QUANTITIES", Quantity.COUNT);
        for (Quantity q : Quantity.values()) {
            macros.put("Q_" + q.name(), q.ordinal());
        }
        return Collections.unmodifiableMap(macros);
    }

    static int countLeaves(Iterable<PlacedLens> lenses) {
        int count = 0;
        for (PlacedLens lens : lenses) {
            count += lens.model() instanceof CompositeLens c ? countLeaves(c.parts()) : 1;
        }
        return count;
    }

    private static void flatten(PlacedLens lens, Distances d, double px, double py, double pcos, double psin,
                                double pfactor, double[] out, int[] next) {
        double x = px + pcos * lens.xArcsec() - psin * lens.yArcsec();
        double y = py + psin * lens.xArcsec() + pcos * lens.yArcsec();
        double angle = Math.toRadians(lens.angleDeg());
        double ccos = lens.angleDeg() == 0 ? 1 : Math.cos(angle);
        double csin = lens.angleDeg() == 0 ? 0 : Math.sin(angle);
        double cos = pcos * ccos - psin * csin;
        double sin = psin * ccos + pcos * csin;
        double factor = pfactor * lens.factor();
        if (lens.model() instanceof CompositeLens composite) {
            for (PlacedLens part : composite.parts()) {
                flatten(part, d, x, y, cos, sin, factor, out, next);
            }
            return;
        }
        int o = STRIDE * next[0]++;
        out[o + LEAF_X] = x;
        out[o + LEAF_Y] = y;
        out[o + LEAF_COS] = cos;
        out[o + LEAF_SIN] = sin;
        out[o + LEAF_FACTOR] = factor;
        double dd = d.ddMeters();
        LensModel model = lens.model();
        if (model instanceof PointMassLens m) {
            out[o + LEAF_TYPE] = POINT_MASS;
            out[o + LEAF_P0] = 4 * G * m.massKg() / (C * C * dd) / (ARCSEC_RAD * ARCSEC_RAD);
        } else if (model instanceof SisLens s) {
            double v2 = s.sigmaMetersPerSecond() * s.sigmaMetersPerSecond();
            out[o + LEAF_TYPE] = SIS;
            out[o + LEAF_P0] = 4 * Math.PI * v2 / (C * C) / ARCSEC_RAD;
            out[o + LEAF_P1] = v2 / (2 * G * dd * ARCSEC_RAD);
        } else if (model instanceof PlummerLens p) {
            double w2 = p.widthArcsec() * p.widthArcsec();
            out[o + LEAF_TYPE] = PLUMMER;
            out[o + LEAF_P0] = 4 * G * p.massKg() / (C * C * dd) / (ARCSEC_RAD * ARCSEC_RAD);
            out[o + LEAF_P1] = w2;
            out[o + LEAF_P2] = p.massKg() * w2 / (Math.PI * dd * dd * ARCSEC_RAD * ARCSEC_RAD);
        } else if (model instanceof NsieLens n) {
            double v2 = n.sigmaMetersPerSecond() * n.sigmaMetersPerSecond();
            double f = n.axisRatio();
            out[o + LEAF_TYPE] = NSIE;
            out[o + LEAF_P0] = f;
            out[o + LEAF_P1] = n.coreArcsec();
            out[o + LEAF_P2] = 4 * Math.PI * v2 * Math.sqrt(f) / (C * C * Math.sqrt(1 - f * f)) / ARCSEC_RAD;
            out[o + LEAF_P3] = v2 / (2 * G * dd * ARCSEC_RAD);
            out[o + LEAF_P4] = 2 * Math.PI * v2 * n.coreArcsec() / (C * C * Math.sqrt(f) * ARCSEC_RAD);
        } else {
            throw new AssertionError("unexpected model " + model);
        }
    }

    /**
     * Evaluates every quantity at one point of the lens plane, in double precision. The leaves are summed in a
     * fixed order, so the result depends only on the point: the same on every pool, worker and tile.
     *
     * @param x   θx in arcsec
     * @param y   θy in arcsec
     * @param out receives the {@link Quantity} values, indexed by ordinal; length at least {@link Quantity#COUNT}
     */
    public void evaluate(double x, double y, double[] out) {
        double ax = 0;
        double ay = 0;
        double axx = 0;
        double ayy = 0;
        double axy = 0;
        double psi = 0;
        double sigma = 0;
        double[] l = leaves;
        for (int o = 0; o < l.length; o += STRIDE) {
            double dx = x - l[o + LEAF_X];
            double dy = y - l[o + LEAF_Y];
            double c = l[o + LEAF_COS];
            double s = l[o + LEAF_SIN];
            double u = c * dx + s * dy;
            double v = -s * dx + c * dy;
            double r2 = u * u + v * v;
            double lax;
            double lay;
            double lxx;
            double lyy;
            double lxy;
            double lpsi;
            double lsig;
            switch ((int) l[o + LEAF_TYPE]) {
                case POINT_MASS -> {
                    double k = l[o + LEAF_P0];
                    double r4 = r2 * r2;
                    lax = k * u / r2;
                    lay = k * v / r2;
                    lxx = k * (v * v - u * u) / r4;
                    lyy = -lxx;
                    lxy = -2 * k * u * v / r4;
                    lpsi = 0.5 * k * Math.log(r2);
                    lsig = 0;
                }
                case SIS -> {
                    double a = l[o + LEAF_P0];
                    double r = Math.sqrt(r2);
                    double r3 = r2 * r;
                    lax = a * u / r;
                    lay = a * v / r;
                    lxx = a * v * v / r3;
                    lyy = a * u * u / r3;
                    lxy = -a * u * v / r3;
                    lpsi = a * r;
                    lsig = l[o + LEAF_P1] / r;
                }
                case PLUMMER -> {
                    double k = l[o + LEAF_P0];
                    double d = r2 + l[o + LEAF_P1];
                    double d2 = d * d;
                    lax = k * u / d;
                    lay = k * v / d;
                    lxx = k * (d - 2 * u * u) / d2;
                    lyy = k * (d - 2 * v * v) / d2;
                    lxy = -2 * k * u * v / d2;
                    lpsi = 0.5 * k * Math.log(d);
                    lsig = l[o + LEAF_P2] / d2;
                }
                case NSIE -> {
                    double f = l[o + LEAF_P0];
                    double core = l[o + LEAF_P1];
                    double a = l[o + LEAF_P2];
                    double q = Math.sqrt(1 - f * f);
                    double g2 = f * f * v * v + core * core + u * u;
                    double g = Math.sqrt(g2);
                    lax = a * atanh(u * q / (g + f * core));
                    lay = a * Math.atan(f * v * q / (f * g + core));
                    double denom = (f * f * v * v + core * core + 2 * f * core * g + f * f * core * core
                            + u * u * f * f) * g;
                    lxx = a * q * (f * f * v * v + core * core + f * core * g) / denom;
                    lyy = a * f * q * (f * core * core + f * u * u + core * g) / denom;
                    lxy = -a * u * v * f * f * q / denom;
                    double part = g + core / f;
                    lpsi = u * lax + v * lay - l[o + LEAF_P4] * Math.log(part * part + q * q * v * v);
                    lsig = l[o + LEAF_P3] * Math.sqrt(f / (u * u + f * f * v * v + core * core));
                }
                default -> throw new IllegalStateException("unknown leaf type " + l[o + LEAF_TYPE] + " at leaf "
                        + o / STRIDE);
            }
            double fac = l[o + LEAF_FACTOR];
            ax += fac * (c * lax - s * lay);
            ay += fac * (s * lax + c * lay);
            axx += fac * (c * c * lxx - 2 * c * s * lxy + s * s * lyy);
            ayy += fac * (s * s * lxx + 2 * c * s * lxy + c * c * lyy);
            axy += fac * (c * s * (lxx - lyy) + (c * c - s * s) * lxy);
            psi += fac * lpsi;
            sigma += fac * lsig;
        }
        double f = ratio;
        out[Q_ALPHA_X] = ax;
        out[Q_ALPHA_Y] = ay;
        out[Q_AXX] = axx;
        out[Q_AYY] = ayy;
        out[Q_AXY] = axy;
        out[Q_POTENTIAL] = f * psi;
        out[Q_DENSITY] = sigma;
        out[Q_KAPPA] = sigma / criticalDensity;
        out[Q_INVMAG] = (1 - f * axx) * (1 - f * ayy) - f * f * axy * axy;
        out[Q_IMAGE] = source == null ? 0 : source.brightness(x - f * ax, y - f * ay);
    }

    private static double atanh(double z) {
        return 0.5 * Math.log((1 + z) / (1 - z));
    }

    /**
     * Returns a copy of the flat leaf buffer (layout in the class comment).
     *
     * @return {@link #leafCount()}·{@link #STRIDE} doubles
     */
    public double[] leaves() {
        return leaves.clone();
    }

    /**
     * Returns the number of leaf lenses.
     *
     * @return the count
     */
    public int leafCount() {
        return leaves.length / STRIDE;
    }

    /**
     * Returns the grid.
     *
     * @return the grid
     */
    public Grid grid() {
        return grid;
    }

    /**
     * Returns Dds/Ds.
     *
     * @return the ratio
     */
    public double ratio() {
        return ratio;
    }

    /**
     * Returns Σcr.
     *
     * @return kg/m²
     */
    public double criticalDensity() {
        return criticalDensity;
    }

    /**
     * Returns the source, or {@code null}.
     *
     * @return the source
     */
    public GaussianSource source() {
        return source;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LensPlane p && Arrays.equals(leaves, p.leaves) && grid.equals(p.grid)
                && ratio == p.ratio && criticalDensity == p.criticalDensity
                && java.util.Objects.equals(source, p.source);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(leaves) * 31 + grid.hashCode();
    }
}
