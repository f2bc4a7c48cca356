package org.poolkit.render.lens;

/**
 * A scene file that cannot be rendered; the message names the field by its path ({@code lenses[2].mass_Msun}),
 * what was wrong and what is allowed.
 *
 * @since 0.1
 */
public final class SceneException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The path of the offending field. */
    private final String path;

    /**
     * Creates the exception.
     *
     * @param path    the field's path, e.g. {@code lenses[2].mass_Msun}; empty for the whole file
     * @param message what was wrong and what is allowed
     */
    public SceneException(String path, String message) {
        super(path.isEmpty() ? message : path + ": " + message);
        this.path = path;
    }

    /**
     * Returns the path of the offending field.
     *
     * @return e.g. {@code lenses[2].mass_Msun}
     */
    public String path() {
        return path;
    }
}
