package org.poolkit.render.lens;

/**
 * A Plummer sphere of mass M and angular width w. With k = 4GM/(c²·Dd) and d = |θ|² + w²: α̂ = k·θ/d,
 * ∂α̂x/∂θx = k(w² + y² − x²)/d², ∂α̂y/∂θy = k(w² + x² − y²)/d², ∂α̂x/∂θy = −2k·xy/d², ψ̂ = (k/2)·ln d,
 * Σ = M·w²/(π·Dd²·d²); the total mass ∫Σ dA = M.
 *
 * @param massKg     M in kg, positive
 * @param widthArcsec w in arcsec, positive
 * @since 0.1
 */
public record PlummerLens(double massKg, double widthArcsec) implements LensModel {

    /**
     * Checks the parameters.
     *
     * @param massKg as the record component
     * @param widthArcsec as the record component
     * @throws IllegalArgumentException if one is not positive and finite
     */
    public PlummerLens {
        Checks.positive("mass", massKg);
        Checks.positive("width", widthArcsec);
    }

    @Override
    public String type() {
        return "plummer";
    }
}
