package org.poolkit.render.lens;

import java.io.Serializable;

/**
 * A lens mass distribution in its own frame, centred on the origin. Place one in a scene with {@link PlacedLens};
 * the closed forms of every model are evaluated by {@link LensPlane}.
 *
 * @since 0.1
 */
public sealed interface LensModel extends Serializable
        permits PointMassLens, SisLens, PlummerLens, NsieLens, CompositeLens {

    /**
     * Returns the scene-file type name.
     *
     * @return e.g. {@code plummer}
     */
    String type();

    /** Throws if {@code value} is not positive and finite, naming the field. */
    static double positive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be positive and finite, got " + value);
        }
        return value;
    }
}
