package org.poolkit.render.lens;


/**
 * A circular Gaussian source on the source plane, peak brightness 1:
 * {@code exp(−|β − β0|² / (2σ²))}.
 *
 * @param xArcsec     centre, x
 * @param yArcsec     centre, y
 * @param sigmaArcsec width σ, positive
 * @since 0.1
 */
public record GaussianSource(double xArcsec, double yArcsec, double sigmaArcsec) {

    /**
     * Checks the source.
     *
     * @param xArcsec as the record component
     * @param yArcsec as the record component
     * @param sigmaArcsec as the record component
     * @throws IllegalArgumentException if a value is not finite or σ is not positive
     */
    public GaussianSource {
        if (!Double.isFinite(xArcsec) || !Double.isFinite(yArcsec) || !(sigmaArcsec > 0)
                || Double.isInfinite(sigmaArcsec)) {
            throw new IllegalArgumentException("source: need a finite centre and a positive finite sigma, got ("
                    + xArcsec + ", " + yArcsec + ") sigma " + sigmaArcsec);
        }
    }

    /**
     * Returns the brightness at a source-plane position.
     *
     * @param betaX x in arcsec
     * @param betaY y in arcsec
     * @return brightness, 1 at the centre
     */
    public double brightness(double betaX, double betaY) {
        double dx = betaX - xArcsec;
        double dy = betaY - yArcsec;
        return Math.exp(-(dx * dx + dy * dy) / (2 * sigmaArcsec * sigmaArcsec));
    }
}
