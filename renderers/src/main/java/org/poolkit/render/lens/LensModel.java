package org.poolkit.render.lens;


/**
 * A lens mass distribution in its own frame, centred on the origin. Place one in a scene with {@link PlacedLens};
 * the closed forms of every model are evaluated by {@link LensPlane}.
 *
 * @since 0.1
 */
public sealed interface LensModel
        permits PointMassLens, SisLens, PlummerLens, NsieLens, CompositeLens {

    /**
     * Returns the scene-file type name.
     *
     * @return e.g. {@code plummer}
     */
    String type();
}
