package org.poolkit.render.lens;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A quantity the lens renderer computes per grid point; its {@link #fileName()} names the output files
 * ({@code alpha_x.fits}, {@code alpha_x.png}).
 *
 * @since 0.1
 */
public enum Quantity {
    /** Deflection angle α̂, x component, in arcsec. */
    ALPHA_X("alpha_x", "arcsec", "deflection angle, x component"),
    /** Deflection angle α̂, y component, in arcsec. */
    ALPHA_Y("alpha_y", "arcsec", "deflection angle, y component"),
    /** ∂α̂x/∂θx, dimensionless. */
    AXX("axx", "", "derivative of alpha_x along x"),
    /** ∂α̂y/∂θy, dimensionless. */
    AYY("ayy", "", "derivative of alpha_y along y"),
    /** ∂α̂x/∂θy (= ∂α̂y/∂θx), dimensionless. */
    AXY("axy", "", "derivative of alpha_x along y"),
    /** Lens potential ψ = (Dds/Ds)·ψ̂ with ∇ψ̂ = α̂ (GRALE's convention), in arcsec², up to a constant. */
    POTENTIAL("potential", "arcsec2", "lens potential (Dds/Ds) psi-hat, up to a constant"),
    /** Surface mass density Σ, in kg/m². */
    DENSITY("density", "kg/m2", "surface mass density"),
    /** Convergence κ = Σ/Σcr, dimensionless. */
    KAPPA("kappa", "", "convergence Sigma/Sigma_cr"),
    /** Inverse magnification (1−f·axx)(1−f·ayy)−f²·axy² with f = Dds/Ds; zero on the critical curves. */
    INVMAG("invmag", "", "inverse magnification"),
    /** Surface brightness of the lensed source by ray shooting (β = θ − (Dds/Ds)·α̂), peak 1. */
    IMAGE("image", "", "lensed image of the source (peak brightness 1)");

    /**
     * The number of quantities: the length of an array of one value per quantity, indexed by ordinal.
     *
     * @since 0.1
     */
    public static final int COUNT = values().length;

    private final String fileName;
    private final String unit;
    private final String description;

    Quantity(String fileName, String unit, String description) {
        this.fileName = fileName;
        this.unit = unit;
        this.description = description;
    }

    /**
     * Returns the name used in files and on the command line.
     *
     * @return e.g. {@code alpha_x}
     */
    public String fileName() {
        return fileName;
    }

    /**
     * Returns the FITS unit ({@code BUNIT}); empty for dimensionless quantities.
     *
     * @return e.g. {@code arcsec}
     */
    public String unit() {
        return unit;
    }

    /**
     * Returns a one-line description.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * Finds a quantity by its file name, ignoring case.
     *
     * @param name e.g. {@code kappa}
     * @return the quantity
     * @throws IllegalArgumentException naming the allowed names if none matches
     */
    public static Quantity byName(String name) {
        for (Quantity q : values()) {
            if (q.fileName.equalsIgnoreCase(name.trim())) {
                return q;
            }
        }
        throw new IllegalArgumentException("unknown quantity '" + name + "'; allowed: " + Arrays.stream(values())
                .map(Quantity::fileName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return fileName.toLowerCase(Locale.ROOT);
    }
}
