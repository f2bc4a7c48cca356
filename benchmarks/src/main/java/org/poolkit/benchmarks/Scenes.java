package org.poolkit.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.poolkit.render.lens.Grid;
import org.poolkit.render.lens.Scene;
import org.poolkit.render.lens.SceneReader;

/** The renderers' shipped scenes, read from this jar. */
final class Scenes {

    /** Leaf lenses of the cluster scene: 300 Plummer spheres and an NSIE. */
    static final int CLUSTER_LEAVES = 301;

    private Scenes() {
    }

    /** The shipped {@code cluster.json} on a square grid of {@code side}² pixels over the same field. */
    static Scene cluster(int side) {
        String resource = "scenes/cluster.json";
        try (InputStream in = Scenes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource org/poolkit/benchmarks/" + resource + " is missing from"
                        + " the class path (it is copied from renderers/scenes by the benchmarks build)");
            }
            Scene scene = SceneReader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Grid g = scene.grid();
            return scene.withGrid(new Grid(g.xminArcsec(), g.xmaxArcsec(), g.yminArcsec(), g.ymaxArcsec(), side,
                    side));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
