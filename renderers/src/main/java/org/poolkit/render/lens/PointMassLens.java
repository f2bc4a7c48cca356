package org.poolkit.render.lens;

/**
 * A point mass M. With k = 4GM/(c²·Dd) (in rad², Einstein radius θE² = k·Dds/Ds):
 * α̂ = k·θ/|θ|², ∂α̂x/∂θx = k(y² − x²)/|θ|⁴ = −∂α̂y/∂θy, ∂α̂x/∂θy = −2k·xy/|θ|⁴, ψ̂ = k·ln|θ|, Σ = 0 off the
 * origin (undefined at it).
 *
 * @param massKg the mass M in kg, positive
 * @since 0.1
 */
public record PointMassLens(double massKg) implements LensModel {

    /**
     * Checks the mass.
     *
     * @param massKg as the record component
     * @throws IllegalArgumentException if it is not positive and finite
     */
    public PointMassLens {
        Checks.positive("mass", massKg);
    }

    @Override
    public String type() {
        return "pointmass";
    }
}
