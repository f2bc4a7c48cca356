package org.poolkit.render.lens;

/**
 * Physical constants and unit conversions (SI), as GRALE uses them.
 *
 * @since 0.1
 */
public final class Physics {

    /** Newton's constant, m³ kg⁻¹ s⁻². */
    public static final double G = 6.67430e-11;
    /** Speed of light, m/s. */
    public static final double C = 299792458.0;
    /** Solar mass, kg. */
    public static final double SOLAR_MASS_KG = 1.98847e30;
    /** One megaparsec, m. */
    public static final double MPC_METERS = 3.0856775814913673e22;
    /** One arcsecond, rad. */
    public static final double ARCSEC_RAD = Math.PI / 648000.0;

    private Physics() {
    }
}
