package org.poolkit.render.lens;

import java.util.List;
import java.util.Objects;

/**
 * What the lens renderer renders: distances, the lenses on the lens plane, the grid and (optionally) a source.
 * Read one from a file with {@link SceneReader}.
 *
 * @param distances the distances
 * @param lenses    the lenses, at least one
 * @param grid      the output grid
 * @param source    the source for the lensed image, or {@code null}
 * @since 0.1
 */
public record Scene(Distances distances, List<PlacedLens> lenses, Grid grid, GaussianSource source) {

    /**
     * Copies and checks the scene.
     *
     * @param distances as the record component
     * @param lenses as the record component
     * @param grid as the record component
     * @param source as the record component
     * @throws IllegalArgumentException if there is no lens
     */
    public Scene {
        Objects.requireNonNull(distances, "distances");
        Objects.requireNonNull(grid, "grid");
        lenses = List.copyOf(lenses);
        if (lenses.isEmpty()) {
            throw new IllegalArgumentException("a scene needs at least one lens");
        }
    }

    /**
     * Returns the number of leaf lenses: every lens, with each composite counted as its parts.
     *
     * @return the count, at least 1
     */
    public int leafCount() {
        return LensPlane.countLeaves(lenses);
    }

    /**
     * Returns the same scene on another grid.
     *
     * @param other the grid
     * @return the scene
     */
    public Scene withGrid(Grid other) {
        return new Scene(distances, lenses, other, source);
    }
}
