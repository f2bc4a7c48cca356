package org.poolkit.render.lens;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a scene file: JSON, or HOCON (its superset: comments, unquoted keys, {@code include}). Everything is
 * checked before any work starts; a problem is a {@link SceneException} naming the field's path
 * ({@code lenses[2].mass_Msun}) and what is allowed. Unknown fields are refused too, so a typo is not silently
 * ignored.
 *
 * <pre>{@code
 * { "distances": {"Dd_Mpc": 1000, "Ds_Mpc": 1700, "Dds_Mpc": 1100},
 *   "lenses": [ {"type": "plummer", "mass_Msun": 1e13, "width_arcsec": 3, "x_arcsec": 1.5, "y_arcsec": -2},
 *               {"type": "sis", "sigma_kms": 250},
 *               {"type": "pointmass", "mass_Msun": 1e11, "x_arcsec": -4, "y_arcsec": 3},
 *               {"type": "nsie", "sigma_kms": 220, "axis_ratio": 0.7, "core_arcsec": 0.1, "angle_deg": 30},
 *               {"type": "composite", "x_arcsec": 0, "angle_deg": 0, "factor": 1, "lenses": [ ... ]} ],
 *   "grid": {"xmin_arcsec": -20, "xmax_arcsec": 20, "ymin_arcsec": -20, "ymax_arcsec": 20, "nx": 512, "ny": 512},
 *   "source": {"type": "gaussian", "x_arcsec": 0.5, "y_arcsec": 0, "sigma_arcsec": 0.3} }
 * }</pre>
 * Every lens may have {@code x_arcsec}, {@code y_arcsec} (default 0), {@code angle_deg} (default 0,
 * counter-clockwise) and {@code factor} (default 1, multiplies its mass). {@code source} is optional (without it
 * there is no {@code image}).
 *
 * @since 0.1
 */
public final class SceneReader {

    private static final Set<String> PLACEMENT = Set.of("type", "x_arcsec", "y_arcsec", "angle_deg", "factor");

    private SceneReader() {
    }

    /**
     * Reads a scene file.
     *
     * @param file a {@code .json} or {@code .conf} file
     * @return the scene
     * @throws SceneException if the file is missing, unreadable, malformed or describes an invalid scene
     */
    public static Scene read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SceneException("", "scene file " + file + " does not exist or is not a file");
        }
        Config config;
        try {
            config = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new SceneException("", "cannot parse scene file " + file + ": " + e.getMessage());
        }
        return parse(config);
    }

    /**
     * Reads a scene from text.
     *
     * @param text JSON or HOCON
     * @return the scene
     * @throws SceneException if the text is malformed or describes an invalid scene
     */
    public static Scene parse(String text) {
        try {
            return parse(ConfigFactory.parseString(text));
        } catch (ConfigException e) {
            throw new SceneException("", "cannot parse scene: " + e.getMessage());
        }
    }

    private static Scene parse(Config root) {
        Node scene = new Node("", root.root());
        scene.only("distances", "lenses", "grid", "source");
        Node d = scene.object("distances");
        d.only("Dd_Mpc", "Ds_Mpc", "Dds_Mpc");
        double dd = d.positive("Dd_Mpc");
        double ds = d.positive("Ds_Mpc");
        double dds = d.positive("Dds_Mpc");
        if (dds >= ds) {
            throw new SceneException(d.path("Dds_Mpc"), "must be less than Ds_Mpc (" + ds + "), got " + dds);
        }
        List<PlacedLens> lenses = lenses(scene, "lenses");
        Node g = scene.object("grid");
        g.only("xmin_arcsec", "xmax_arcsec", "ymin_arcsec", "ymax_arcsec", "nx", "ny");
        double xmin = g.number("xmin_arcsec");
        double xmax = g.number("xmax_arcsec");
        double ymin = g.number("ymin_arcsec");
        double ymax = g.number("ymax_arcsec");
        if (xmax <= xmin) {
            throw new SceneException(g.path("xmax_arcsec"), "must be greater than xmin_arcsec (" + xmin + "), got "
                    + xmax);
        }
        if (ymax <= ymin) {
            throw new SceneException(g.path("ymax_arcsec"), "must be greater than ymin_arcsec (" + ymin + "), got "
                    + ymax);
        }
        int nx = g.count("nx");
        int ny = g.count("ny");
        if ((long) nx * ny > Grid.MAX_PIXELS) {
            throw new SceneException(g.path("ny"), "nx*ny must be at most " + Grid.MAX_PIXELS + ", got " + nx + "x"
                    + ny);
        }
        GaussianSource source = null;
        if (scene.has("source")) {
            Node s = scene.object("source");
            s.only("type", "x_arcsec", "y_arcsec", "sigma_arcsec");
            String type = s.string("type");
            if (!type.equals("gaussian")) {
                throw new SceneException(s.path("type"), "unknown source type '" + type + "'; allowed: gaussian");
            }
            source = new GaussianSource(s.number("x_arcsec", 0), s.number("y_arcsec", 0), s.positive("sigma_arcsec"));
        }
        return new Scene(Distances.ofMpc(dd, ds, dds), lenses, new Grid(xmin, xmax, ymin, ymax, nx, ny), source);
    }

    private static List<PlacedLens> lenses(Node parent, String key) {
        List<Node> items = parent.objects(key);
        if (items.isEmpty()) {
            throw new SceneException(parent.path(key), "needs at least one lens");
        }
        List<PlacedLens> lenses = new ArrayList<>();
        for (Node lens : items) {
            lenses.add(lens(lens));
        }
        return lenses;
    }

    private static PlacedLens lens(Node n) {
        String type = n.string("type");
        LensModel model;
        switch (type) {
            case "pointmass" -> {
                n.only(PLACEMENT, "mass_Msun");
                model = new PointMassLens(n.positive("mass_Msun") * Physics.SOLAR_MASS_KG);
            }
            case "sis" -> {
                n.only(PLACEMENT, "sigma_kms");
                model = new SisLens(n.positive("sigma_kms") * 1000);
            }
            case "plummer" -> {
                n.only(PLACEMENT, "mass_Msun", "width_arcsec");
                model = new PlummerLens(n.positive("mass_Msun") * Physics.SOLAR_MASS_KG, n.positive("width_arcsec"));
            }
            case "nsie" -> {
                n.only(PLACEMENT, "sigma_kms", "axis_ratio", "core_arcsec");
                double sigma = n.positive("sigma_kms") * 1000;
                double f = n.number("axis_ratio");
                if (!(f > 0 && f < 1)) {
                    throw new SceneException(n.path("axis_ratio"), "must be between 0 and 1 (exclusive), got " + f
                            + "; for a round lens use sis or plummer");
                }
                model = new NsieLens(sigma, f, n.positive("core_arcsec"));
            }
            case "composite" -> {
                n.only(PLACEMENT, "lenses");
                model = new CompositeLens(lenses(n, "lenses"));
            }
            default -> throw new SceneException(n.path("type"), "unknown lens type '" + type
                    + "'; allowed: pointmass, sis, plummer, nsie, composite");
        }
        return new PlacedLens(model, n.number("x_arcsec", 0), n.number("y_arcsec", 0), n.number("angle_deg", 0),
                n.has("factor") ? n.positive("factor") : 1);
    }

    /** An object of the scene with its path, for messages. */
    private record Node(String path, ConfigObject object) {

        String path(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        boolean has(String key) {
            return object.containsKey(key) && object.get(key).valueType() != ConfigValueType.NULL;
        }

        void only(String... keys) {
            only(Set.of(), keys);
        }

        void only(Set<String> common, String... keys) {
            Set<String> allowed = new TreeSet<>(common);
            allowed.addAll(List.of(keys));
            for (String key : object.keySet()) {
                if (!allowed.contains(key)) {
                    throw new SceneException(path(key), "unknown field; allowed here: " + String.join(", ", allowed));
                }
            }
        }

        ConfigValue value(String key) {
            if (!has(key)) {
                throw new SceneException(path(key), "missing field");
            }
            return object.get(key);
        }

        Node object(String key) {
            ConfigValue v = value(key);
            if (v.valueType() != ConfigValueType.OBJECT) {
                throw new SceneException(path(key), "must be an object, got " + describe(v));
            }
            return new Node(path(key), (ConfigObject) v);
        }

        List<Node> objects(String key) {
            ConfigValue v = value(key);
            if (v.valueType() != ConfigValueType.LIST) {
                throw new SceneException(path(key), "must be a list of lenses, got " + describe(v));
            }
            List<Node> nodes = new ArrayList<>();
            int i = 0;
            for (ConfigValue item : (Iterable<ConfigValue>) ((com.typesafe.config.ConfigList) v)) {
                String itemPath = path(key) + "[" + i++ + "]";
                if (item.valueType() != ConfigValueType.OBJECT) {
                    throw new SceneException(itemPath, "must be an object, got " + describe(item));
                }
                nodes.add(new Node(itemPath, (ConfigObject) item));
            }
            return nodes;
        }

        String string(String key) {
            ConfigValue v = value(key);
            if (v.valueType() != ConfigValueType.STRING) {
                throw new SceneException(path(key), "must be a string, got " + describe(v));
            }
            return (String) v.unwrapped();
        }

        double number(String key) {
            ConfigValue v = value(key);
            if (v.valueType() != ConfigValueType.NUMBER) {
                throw new SceneException(path(key), "must be a number, got " + describe(v));
            }
            double d = ((Number) v.unwrapped()).doubleValue();
            if (!Double.isFinite(d)) {
                throw new SceneException(path(key), "must be finite, got " + d);
            }
            return d;
        }

        double number(String key, double fallback) {
            return has(key) ? number(key) : fallback;
        }

        double positive(String key) {
            double d = number(key);
            if (!(d > 0)) {
                throw new SceneException(path(key), "must be positive, got " + v(d));
            }
            return d;
        }

        int count(String key) {
            double d = number(key);
            if (d != Math.rint(d) || d < 2 || d > 1 << 20) {
                throw new SceneException(path(key), "must be a whole number from 2 to " + (1 << 20) + ", got "
                        + v(d));
            }
            return (int) d;
        }

        private static String v(double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }

        private static String describe(ConfigValue v) {
            return v.valueType().name().toLowerCase(java.util.Locale.ROOT) + " " + v.render();
        }
    }
}
