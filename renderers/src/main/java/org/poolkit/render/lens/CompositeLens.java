package org.poolkit.render.lens;

import java.util.List;

/**
 * A lens made of sub-lenses, each shifted, rotated and scaled by a factor in the composite's frame; composites
 * nest. Every quantity is the sum of the parts' (rotated) contributions.
 *
 * @param parts the sub-lenses, at least one
 * @since 0.1
 */
public record CompositeLens(List<PlacedLens> parts) implements LensModel {

    /**
     * Copies and checks the parts.
     *
     * @param parts as the record component
     * @throws IllegalArgumentException if there are none
     */
    public CompositeLens {
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a composite lens needs at least one sub-lens");
        }
    }

    @Override
    public String type() {
        return "composite";
    }
}
