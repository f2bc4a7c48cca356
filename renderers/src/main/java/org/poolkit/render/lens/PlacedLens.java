package org.poolkit.render.lens;

import java.util.Objects;

/**
 * A lens model placed in a frame: centred at (x, y), rotated counter-clockwise by an angle, its mass (and so every
 * quantity) multiplied by a factor.
 *
 * @param model    the model
 * @param xArcsec  centre, x
 * @param yArcsec  centre, y
 * @param angleDeg rotation, degrees counter-clockwise from the x axis
 * @param factor   mass factor, positive
 * @since 0.1
 */
public record PlacedLens(LensModel model, double xArcsec, double yArcsec, double angleDeg, double factor) {

    /**
     * Checks the placement.
     *
     * @param model as the record component
     * @param xArcsec as the record component
     * @param yArcsec as the record component
     * @param angleDeg as the record component
     * @param factor as the record component
     * @throws IllegalArgumentException if a value is not finite or the factor is not positive
     */
    public PlacedLens {
        Objects.requireNonNull(model, "model");
        if (!Double.isFinite(xArcsec) || !Double.isFinite(yArcsec) || !Double.isFinite(angleDeg)) {
            throw new IllegalArgumentException("lens position and angle must be finite, got (" + xArcsec + ", "
                    + yArcsec + "), " + angleDeg + " deg");
        }
        Checks.positive("factor", factor);
    }

    /**
     * Places a model at a position, unrotated, with factor 1.
     *
     * @param model   the model
     * @param xArcsec centre, x
     * @param yArcsec centre, y
     * @return the placed lens
     */
    public static PlacedLens at(LensModel model, double xArcsec, double yArcsec) {
        return new PlacedLens(model, xArcsec, yArcsec, 0, 1);
    }
}
