package org.poolkit.render.lens;

import static org.poolkit.render.lens.Physics.ARCSEC_RAD;
import static org.poolkit.render.lens.Physics.C;
import static org.poolkit.render.lens.Physics.G;

import java.util.Arrays;
import org.poolkit.api.Immutable;

/**
 * A scene flattened for the kernels: every leaf lens of the (possibly nested) composites with its world position,
 * rotation and factor, and its parameters pre-multiplied into arcsec units, in one {@code double[]}; plus the grid,
 * Dds/Ds, Σcr and the source. This is what a render pushes to the workers, once.
 *
 * <p>Leaf layout ({@link #STRIDE} doubles per leaf): {@code type, cx, cy, cos, sin, factor, p0 … p5} with the
 * type codes and parameters
 * <ul>
 *   <li>{@link #POINT_MASS}: p0 = k (arcsec², α̂ = k·θ/|θ|²)</li>
 *   <li>{@link #SIS}: p0 = a (arcsec, α̂ = a·θ/|θ|), p1 = Σ coefficient (Σ = p1/|θ|)</li>
 *   <li>{@link #PLUMMER}: p0 = k (arcsec²), p1 = w² (arcsec²), p2 = Σ coefficient (Σ = p2/(|θ|² + w²)²)</li>
 *   <li>{@link #NSIE}: p0 = F, p1 = s (arcsec), p2 = A (arcsec), p3 = Σ coefficient
 *       (Σ = p3·√(F/(x² + F²y² + s²))), p4 = potential coefficient (arcsec²)</li>
 * </ul>
 * Positions are in arcsec, Σ in kg/m², logarithms take arcsec (ψ is defined up to a constant).
 *
 * @since 0.1
 */
public final class LensPlane implements Immutable {

    /** Doubles per leaf. */
    public static final int STRIDE = 12;
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
        out[o + 1] = x;
        out[o + 2] = y;
        out[o + 3] = cos;
        out[o + 4] = sin;
        out[o + 5] = factor;
        double dd = d.ddMeters();
        LensModel model = lens.model();
        if (model instanceof PointMassLens m) {
            out[o] = POINT_MASS;
            out[o + 6] = 4 * G * m.massKg() / (C * C * dd) / (ARCSEC_RAD * ARCSEC_RAD);
        } else if (model instanceof SisLens s) {
            double v2 = s.sigmaMetersPerSecond() * s.sigmaMetersPerSecond();
            out[o] = SIS;
            out[o + 6] = 4 * Math.PI * v2 / (C * C) / ARCSEC_RAD;
            out[o + 7] = v2 / (2 * G * dd * ARCSEC_RAD);
        } else if (model instanceof PlummerLens p) {
            double w2 = p.widthArcsec() * p.widthArcsec();
            out[o] = PLUMMER;
            out[o + 6] = 4 * G * p.massKg() / (C * C * dd) / (ARCSEC_RAD * ARCSEC_RAD);
            out[o + 7] = w2;
            out[o + 8] = p.massKg() * w2 / (Math.PI * dd * dd * ARCSEC_RAD * ARCSEC_RAD);
        } else if (model instanceof NsieLens n) {
            double v2 = n.sigmaMetersPerSecond() * n.sigmaMetersPerSecond();
            double f = n.axisRatio();
            out[o] = NSIE;
            out[o + 6] = f;
            out[o + 7] = n.coreArcsec();
            out[o + 8] = 4 * Math.PI * v2 * Math.sqrt(f) / (C * C * Math.sqrt(1 - f * f)) / ARCSEC_RAD;
            out[o + 9] = v2 / (2 * G * dd * ARCSEC_RAD);
            out[o + 10] = 2 * Math.PI * v2 * n.coreArcsec() / (C * C * Math.sqrt(f) * ARCSEC_RAD);
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
     * @param out receives the {@link Quantity} values, indexed by ordinal; length at least 10
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
            double dx = x - l[o + 1];
            double dy = y - l[o + 2];
            double c = l[o + 3];
            double s = l[o + 4];
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
            switch ((int) l[o]) {
                case POINT_MASS -> {
                    double k = l[o + 6];
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
                    double a = l[o + 6];
                    double r = Math.sqrt(r2);
                    double r3 = r2 * r;
                    lax = a * u / r;
                    lay = a * v / r;
                    lxx = a * v * v / r3;
                    lyy = a * u * u / r3;
                    lxy = -a * u * v / r3;
                    lpsi = a * r;
                    lsig = l[o + 7] / r;
                }
                case PLUMMER -> {
                    double k = l[o + 6];
                    double d = r2 + l[o + 7];
                    double d2 = d * d;
                    lax = k * u / d;
                    lay = k * v / d;
                    lxx = k * (d - 2 * u * u) / d2;
                    lyy = k * (d - 2 * v * v) / d2;
                    lxy = -2 * k * u * v / d2;
                    lpsi = 0.5 * k * Math.log(d);
                    lsig = l[o + 8] / d2;
                }
                case NSIE -> {
                    double f = l[o + 6];
                    double core = l[o + 7];
                    double a = l[o + 8];
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
                    lpsi = u * lax + v * lay - l[o + 10] * Math.log(part * part + q * q * v * v);
                    lsig = l[o + 9] * Math.sqrt(f / (u * u + f * f * v * v + core * core));
                }
                default -> throw new IllegalStateException("unknown leaf type " + l[o] + " at leaf " + o / STRIDE);
            }
            double fac = l[o + 5];
            ax += fac * (c * lax - s * lay);
            ay += fac * (s * lax + c * lay);
            axx += fac * (c * c * lxx - 2 * c * s * lxy + s * s * lyy);
            ayy += fac * (s * s * lxx + 2 * c * s * lxy + c * c * lyy);
            axy += fac * (c * s * (lxx - lyy) + (c * c - s * s) * lxy);
            psi += fac * lpsi;
            sigma += fac * lsig;
        }
        double f = ratio;
        out[0] = ax;
        out[1] = ay;
        out[2] = axx;
        out[3] = ayy;
        out[4] = axy;
        out[5] = f * psi;
        out[6] = sigma;
        out[7] = sigma / criticalDensity;
        out[8] = (1 - f * axx) * (1 - f * ayy) - f * f * axy * axy;
        out[9] = source == null ? 0 : source.brightness(x - f * ax, y - f * ay);
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
