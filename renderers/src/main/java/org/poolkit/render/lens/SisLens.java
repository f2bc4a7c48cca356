package org.poolkit.render.lens;

/**
 * A singular isothermal sphere of velocity dispersion σ. With a = 4πσ²/c² (rad): α̂ = a·θ/|θ|,
 * ∂α̂x/∂θx = a·y²/|θ|³, ∂α̂y/∂θy = a·x²/|θ|³, ∂α̂x/∂θy = −a·xy/|θ|³, ψ̂ = a·|θ|, Σ = σ²/(2G·Dd·|θ|).
 *
 * @param sigmaMetersPerSecond σ in m/s, positive
 * @since 0.1
 */
public record SisLens(double sigmaMetersPerSecond) implements LensModel {

    /**
     * Checks σ.
     *
     * @param sigmaMetersPerSecond as the record component
     * @throws IllegalArgumentException if it is not positive and finite
     */
    public SisLens {
        Checks.positive("sigma", sigmaMetersPerSecond);
    }

    @Override
    public String type() {
        return "sis";
    }
}
