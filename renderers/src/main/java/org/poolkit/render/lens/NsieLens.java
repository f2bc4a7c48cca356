package org.poolkit.render.lens;

/**
 * A non-singular isothermal ellipse as in GRALE: velocity dispersion V, axis ratio F (0 &lt; F &lt; 1) and
 * angular core radius s, with Σ = V²/(2G·Dd)·√(F/(x² + F²y² + s²)) (elongated along y before rotation). With
 * A = 4πV²√F/(c²√(1−F²)) and g = √(F²y² + s² + x²):
 * α̂x = A·atanh(x√(1−F²)/(g + F·s)), α̂y = A·atan(F·y√(1−F²)/(F·g + s)); the derivatives and
 * ψ̂ = x·α̂x + y·α̂y − (2πV²s/(c²√F))·ln((g + s/F)² + (1−F²)y²) follow GRALE's {@code NSIELens}.
 *
 * @param sigmaMetersPerSecond V in m/s, positive
 * @param axisRatio            F, 0 &lt; F &lt; 1 (for a round lens use {@code sis} or {@code plummer})
 * @param coreArcsec           s in arcsec, positive
 * @since 0.1
 */
public record NsieLens(double sigmaMetersPerSecond, double axisRatio, double coreArcsec) implements LensModel {

    /**
     * Checks the parameters.
     *
     * @param sigmaMetersPerSecond as the record component
     * @param axisRatio as the record component
     * @param coreArcsec as the record component
     * @throws IllegalArgumentException if σ or the core is not positive and finite, or F is outside (0, 1)
     */
    public NsieLens {
        Checks.positive("sigma", sigmaMetersPerSecond);
        Checks.positive("core", coreArcsec);
        if (!(axisRatio > 0 && axisRatio < 1)) {
            throw new IllegalArgumentException("axis ratio must be between 0 and 1 (exclusive), got " + axisRatio
                    + "; for a round lens use sis or plummer");
        }
    }

    @Override
    public String type() {
        return "nsie";
    }
}
