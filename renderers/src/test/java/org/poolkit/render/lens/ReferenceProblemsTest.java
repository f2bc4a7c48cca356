package org.poolkit.render.lens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.poolkit.render.lens.Physics.ARCSEC_RAD;
import static org.poolkit.render.lens.Physics.C;
import static org.poolkit.render.lens.Physics.G;
import static org.poolkit.render.lens.Physics.SOLAR_MASS_KG;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.poolkit.api.WorkerPool;
import org.poolkit.api.WorkerPools;
import org.poolkit.render.ProgressListener;

/**
 * Reference problems with exact answers, computed here independently in SI units and radians (the renderer works in
 * arcsec with pre-multiplied coefficients). Distances Dd = 1000 Mpc, Ds = 1700 Mpc, Dds = 1100 Mpc; θ in rad,
 * r = |θ − θ0|:
 * <ul>
 *   <li>point mass M: α̂ = 4GM/(c²Dd)·(θ−θ0)/r², ∂α̂x/∂θx = k(y² − x²)/r⁴, ∂α̂x/∂θy = −2k·xy/r⁴,
 *       ψ̂ = k·ln r, Σ = 0;</li>
 *   <li>SIS σ: α̂ = (4πσ²/c²)·(θ−θ0)/r, ∂α̂x/∂θx = a·y²/r³, ψ̂ = a·r, Σ = σ²/(2G·Dd·r);</li>
 *   <li>Plummer M, w: α̂ = 4GM/(c²Dd)·(θ−θ0)/(r² + w²), ψ̂ = (k/2)·ln(r² + w²),
 *       Σ = M·w²/(π·Dd²·(r² + w²)²), ∫Σ dA = M;</li>
 *   <li>NSIE: GRALE's {@code NSIELens} formulas, written out again below.</li>
 * </ul>
 * ψ is compared as a difference between two points (the renderer's ψ carries a constant from taking logarithms of
 * arcsec); every finite value to 1e-12 relative.
 */
class ReferenceProblemsTest {

    private static final Distances D = Distances.ofMpc(1000, 1700, 1100);
    private static final double F = D.ratio();
    private static final double TOL = 1e-12;
    private static final Grid GRID = new Grid(-10, 10, -10, 10, 5, 5);

    /** The values of a scene with these lenses at (x, y) arcsec. */
    private static double[] at(double x, double y, PlacedLens... lenses) {
        double[] out = new double[Quantity.COUNT];
        LensPlane.of(new Scene(D, List.of(lenses), GRID, new GaussianSource(0, 0, 1))).evaluate(x, y, out);
        return out;
    }

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, TOL * Math.abs(expected) + 1e-300, what);
    }

    /** Checks deflection (rad), derivatives and Σ at (x, y) arcsec against exact values. */
    private static void check(double[] got, double axRad, double ayRad, double axx, double ayy, double axy,
                              double sigma) {
        close(axRad / ARCSEC_RAD, got[0], "alpha_x");
        close(ayRad / ARCSEC_RAD, got[1], "alpha_y");
        close(axx, got[2], "axx");
        close(ayy, got[3], "ayy");
        close(axy, got[4], "axy");
        close(sigma, got[6], "density");
        close(sigma / D.criticalDensityKgPerM2(), got[7], "kappa");
        close((1 - F * axx) * (1 - F * ayy) - F * F * axy * axy, got[8], "invmag");
    }

    @Test
    void pointMass_offOrigin_closedForm() {
        double m = 1e12 * SOLAR_MASS_KG;
        double k = 4 * G * m / (C * C * D.ddMeters());
        PlacedLens lens = PlacedLens.at(new PointMassLens(m), 1.5, -2);
        for (double[] p : new double[][] {{4.5, 2}, {-3, 0.5}, {1.5, 7}}) {
            double x = (p[0] - 1.5) * ARCSEC_RAD;
            double y = (p[1] + 2) * ARCSEC_RAD;
            double r2 = x * x + y * y;
            check(at(p[0], p[1], lens), k * x / r2, k * y / r2, k * (y * y - x * x) / (r2 * r2),
                    k * (x * x - y * y) / (r2 * r2), -2 * k * x * y / (r2 * r2), 0);
        }
        double psiDifference = at(4.5, 2, lens)[5] - at(-3, 0.5, lens)[5];
        double r1 = Math.hypot(3, 4) * ARCSEC_RAD;
        double r2 = Math.hypot(4.5, 2.5) * ARCSEC_RAD;
        close(F * k * Math.log(r1 / r2) / (ARCSEC_RAD * ARCSEC_RAD), psiDifference, "potential difference");
    }

    @Test
    void sis_atAndOffOrigin_closedForm() {
        double sigma = 250e3;
        double a = 4 * Math.PI * sigma * sigma / (C * C);
        for (double[] centre : new double[][] {{0, 0}, {2, -1}}) {
            PlacedLens lens = PlacedLens.at(new SisLens(sigma), centre[0], centre[1]);
            for (double[] p : new double[][] {{3, 4}, {-0.5, 0.25}, {8, -6}}) {
                double x = (p[0] - centre[0]) * ARCSEC_RAD;
                double y = (p[1] - centre[1]) * ARCSEC_RAD;
                double r = Math.hypot(x, y);
                check(at(p[0], p[1], lens), a * x / r, a * y / r, a * y * y / (r * r * r), a * x * x / (r * r * r),
                        -a * x * y / (r * r * r), sigma * sigma / (2 * G * D.ddMeters() * r));
            }
            double rA = Math.hypot(3 - centre[0], 4 - centre[1]) * ARCSEC_RAD;
            double rB = Math.hypot(8 - centre[0], -6 - centre[1]) * ARCSEC_RAD;
            close(F * a * (rA - rB) / (ARCSEC_RAD * ARCSEC_RAD), at(3, 4, lens)[5] - at(8, -6, lens)[5], "potential");
        }
    }

    @Test
    void plummer_atAndOffOrigin_closedForm() {
        double m = 1e13 * SOLAR_MASS_KG;
        double w = 3 * ARCSEC_RAD;
        double k = 4 * G * m / (C * C * D.ddMeters());
        for (double[] centre : new double[][] {{0, 0}, {1.5, -2}}) {
            PlacedLens lens = PlacedLens.at(new PlummerLens(m, 3), centre[0], centre[1]);
            for (double[] p : new double[][] {{0, 0}, {3, 4}, {-0.5, 0.25}, {1.5, -2}}) {
                double x = (p[0] - centre[0]) * ARCSEC_RAD;
                double y = (p[1] - centre[1]) * ARCSEC_RAD;
                double d = x * x + y * y + w * w;
                check(at(p[0], p[1], lens), k * x / d, k * y / d, k * (w * w + y * y - x * x) / (d * d),
                        k * (w * w + x * x - y * y) / (d * d), -2 * k * x * y / (d * d),
                        m * w * w / (Math.PI * D.ddMeters() * D.ddMeters() * d * d));
            }
            double dA = sq((3 - centre[0]) * ARCSEC_RAD) + sq((4 - centre[1]) * ARCSEC_RAD) + w * w;
            double dB = sq((-0.5 - centre[0]) * ARCSEC_RAD) + sq((0.25 - centre[1]) * ARCSEC_RAD) + w * w;
            close(F * 0.5 * k * Math.log(dA / dB) / (ARCSEC_RAD * ARCSEC_RAD),
                    at(3, 4, lens)[5] - at(-0.5, 0.25, lens)[5], "potential");
        }
    }

    /**
     * The mass integral of a Plummer sphere (M = 1e13 Msun, w = 2") over ±120" equals M to 1e-3: the mass outside
     * radius R is M·w²/(R² + w²) ≈ 3e-4 M, integrated with the trapezoid rule on 0.25" pixels.
     */
    @Test
    void plummer_massIntegralOverWideGrid_equalsMass() {
        double m = 1e13 * SOLAR_MASS_KG;
        Scene scene = new Scene(D, List.of(PlacedLens.at(new PlummerLens(m, 2), 0.3, -0.2)),
                new Grid(-120, 120, -120, 120, 961, 961), null);
        LensMaps maps;
        try (WorkerPool pool = WorkerPools.create("dummy")) {
            maps = LensRenderer.render(pool, scene, Kernel.JVM, EnumSet.of(Quantity.DENSITY), ProgressListener.NONE);
        }
        Grid g = scene.grid();
        double cell = g.dxArcsec() * ARCSEC_RAD * D.ddMeters() * g.dyArcsec() * ARCSEC_RAD * D.ddMeters();
        double total = 0;
        for (int j = 0; j < g.ny(); j++) {
            double wy = j == 0 || j == g.ny() - 1 ? 0.5 : 1;
            for (int i = 0; i < g.nx(); i++) {
                double wx = i == 0 || i == g.nx() - 1 ? 0.5 : 1;
                total += wx * wy * maps.value(Quantity.DENSITY, i, j) * cell;
            }
        }
        assertEquals(1.0, total / m, 1e-3, "mass integral / M");
    }

    @Test
    void nsie_matchesGraleFormula_rotatedAndShifted() {
        double v = 220e3;
        double f = 0.7;
        double s = 0.1 * ARCSEC_RAD;
        double angle = Math.toRadians(30);
        PlacedLens lens = new PlacedLens(new NsieLens(v, f, 0.1), 0.5, -1, 30, 1);
        double factor = 4 * Math.PI * v * v * Math.sqrt(f) / (C * C * Math.sqrt(1 - f * f));
        for (double[] p : new double[][] {{0.5, -1}, {3, 4}, {-2, 0.25}, {6, -7}}) {
            double dx = (p[0] - 0.5) * ARCSEC_RAD;
            double dy = (p[1] + 1) * ARCSEC_RAD;
            double x = Math.cos(angle) * dx + Math.sin(angle) * dy;
            double y = -Math.sin(angle) * dx + Math.cos(angle) * dy;
            double g = Math.sqrt(f * f * y * y + s * s + x * x);
            double ax = factor * atanh(x * Math.sqrt(1 - f * f) / (g + f * s));
            double ay = factor * Math.atan(f * y * Math.sqrt(1 - f * f) / (f * g + s));
            double denom = (f * f * y * y + s * s + 2 * f * s * g + f * f * s * s + x * x * f * f) * g;
            double axx = factor * Math.sqrt(1 - f * f) * (f * f * y * y + s * s + f * s * g) / denom;
            double ayy = factor * f * Math.sqrt(1 - f * f) * (f * s * s + f * x * x + s * g) / denom;
            double axy = -factor * x * y * f * f * Math.sqrt(1 - f * f) / denom;
            double sigma = v * v / (2 * G * D.ddMeters()) * Math.sqrt(f / (x * x + f * f * y * y + s * s));
            double c = Math.cos(angle);
            double sn = Math.sin(angle);
            check(at(p[0], p[1], lens), c * ax - sn * ay, sn * ax + c * ay,
                    c * c * axx - 2 * c * sn * axy + sn * sn * ayy, sn * sn * axx + 2 * c * sn * axy + c * c * ayy,
                    c * sn * (axx - ayy) + (c * c - sn * sn) * axy, sigma);
        }
    }

    /** Poisson's equation κ = (Dds/Ds)(∂α̂x/∂θx + ∂α̂y/∂θy)/2 ties Σ to the deflection for every model. */
    @Test
    void everyModel_densityAgreesWithDeflectionDerivatives() {
        List<PlacedLens> models = List.of(
                PlacedLens.at(new SisLens(250e3), 1, 1),
                PlacedLens.at(new PlummerLens(1e13 * SOLAR_MASS_KG, 3), -1, 2),
                new PlacedLens(new NsieLens(220e3, 0.6, 0.4), 0.5, -0.5, 75, 1));
        for (PlacedLens lens : models) {
            for (double[] p : new double[][] {{3, 4}, {-2.5, 0.3}, {0.1, -0.2}}) {
                double[] v = at(p[0], p[1], lens);
                assertEquals(F * (v[2] + v[3]) / 2, v[7], 1e-12 * Math.abs(v[7]), lens.model().type() + " kappa");
            }
        }
    }

    /** The derivatives are the derivatives of α̂, and α̂ the gradient of ψ̂ (central differences, h = 1e-4"). */
    @Test
    void everyModel_derivativesMatchFiniteDifferences() {
        List<PlacedLens> models = List.of(
                PlacedLens.at(new PointMassLens(1e12 * SOLAR_MASS_KG), 0.2, 0.1),
                PlacedLens.at(new SisLens(250e3), 1, 1),
                PlacedLens.at(new PlummerLens(1e13 * SOLAR_MASS_KG, 3), -1, 2),
                new PlacedLens(new NsieLens(220e3, 0.6, 0.4), 0.5, -0.5, 75, 1.5));
        double h = 1e-4;
        for (PlacedLens lens : models) {
            double[] v = at(3, -2, lens);
            double[] xp = at(3 + h, -2, lens);
            double[] xm = at(3 - h, -2, lens);
            double[] yp = at(3, -2 + h, lens);
            double[] ym = at(3, -2 - h, lens);
            String t = lens.model().type();
            double scale = Math.abs(v[2]) + Math.abs(v[3]) + Math.abs(v[4]);
            assertEquals(v[2], (xp[0] - xm[0]) / (2 * h), 1e-6 * scale, t + " axx");
            assertEquals(v[3], (yp[1] - ym[1]) / (2 * h), 1e-6 * scale, t + " ayy");
            assertEquals(v[4], (yp[0] - ym[0]) / (2 * h), 1e-6 * scale, t + " axy");
            assertEquals(v[4], (xp[1] - xm[1]) / (2 * h), 1e-6 * scale, t + " ayx");
            double alpha = Math.hypot(v[0], v[1]);
            assertEquals(F * v[0], (xp[5] - xm[5]) / (2 * h), 1e-6 * alpha, t + " dpsi/dx");
            assertEquals(F * v[1], (yp[5] - ym[5]) / (2 * h), 1e-6 * alpha, t + " dpsi/dy");
        }
    }

    /** A composite (shifted, rotated, nested, with factors) equals the sum of its parts placed by hand. */
    @Test
    void composite_equalsSumOfParts() {
        PlummerLens plummer = new PlummerLens(2e12 * SOLAR_MASS_KG, 1.5);
        NsieLens nsie = new NsieLens(200e3, 0.5, 0.3);
        SisLens sis = new SisLens(150e3);
        CompositeLens inner = new CompositeLens(List.of(new PlacedLens(nsie, 1, 0, 20, 0.5)));
        PlacedLens composite = new PlacedLens(new CompositeLens(List.of(
                new PlacedLens(plummer, 2, 0, 0, 2), new PlacedLens(inner, 0, 3, 45, 1.2), PlacedLens.at(sis, -1, -1))),
                1, -2, 90, 1.5);
        // by hand: the outer frame is rotated by 90° (x → y) and centred at (1, −2)
        PlacedLens plummerByHand = new PlacedLens(plummer, 1, 0, 90, 3);
        double innerX = 1 - 3;
        double innerY = -2;
        double a = Math.toRadians(135);
        PlacedLens nsieByHand = new PlacedLens(nsie, innerX + Math.cos(a), innerY + Math.sin(a), 155, 0.9);
        PlacedLens sisByHand = new PlacedLens(sis, 1 + 1, -2 - 1, 90, 1.5);
        for (double[] p : new double[][] {{3, 4}, {-2.5, 0.3}, {0.1, -0.2}, {-1.7, -1.2}}) {
            double[] whole = at(p[0], p[1], composite);
            double[] parts = new double[Quantity.COUNT];
            for (PlacedLens part : List.of(plummerByHand, nsieByHand, sisByHand)) {
                double[] one = at(p[0], p[1], part);
                for (int q = 0; q < 7; q++) {
                    parts[q] += one[q];
                }
            }
            for (int q = 0; q < 7; q++) {
                assertEquals(parts[q], whole[q], 1e-12 * Math.max(1, Math.abs(parts[q])),
                        Quantity.values()[q] + " at " + p[0] + "," + p[1]);
            }
        }
    }

    private static double sq(double x) {
        return x * x;
    }

    private static double atanh(double z) {
        return 0.5 * Math.log((1 + z) / (1 - z));
    }
}
