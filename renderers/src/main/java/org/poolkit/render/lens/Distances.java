package org.poolkit.render.lens;


/**
 * Angular diameter distances of the lens plane: observer–lens {@code Dd}, observer–source {@code Ds} and
 * lens–source {@code Dds}, in metres.
 *
 * @param ddMeters  Dd, positive
 * @param dsMeters  Ds, positive
 * @param ddsMeters Dds, positive and less than Ds
 * @since 0.1
 */
public record Distances(double ddMeters, double dsMeters, double ddsMeters) {

    /**
     * Checks the distances.
     *
     * @param ddMeters as the record component
     * @param dsMeters as the record component
     * @param ddsMeters as the record component
     * @throws IllegalArgumentException if one is not positive and finite, or Dds ≥ Ds
     */
    public Distances {
        if (!(ddMeters > 0 && dsMeters > 0 && ddsMeters > 0)
                || Double.isInfinite(ddMeters) || Double.isInfinite(dsMeters) || Double.isInfinite(ddsMeters)) {
            throw new IllegalArgumentException("distances must be positive and finite: Dd=" + ddMeters + " m, Ds="
                    + dsMeters + " m, Dds=" + ddsMeters + " m");
        }
        if (ddsMeters >= dsMeters) {
            throw new IllegalArgumentException("Dds (" + ddsMeters + " m) must be less than Ds (" + dsMeters + " m)");
        }
    }

    /**
     * Creates distances given in megaparsecs.
     *
     * @param ddMpc  Dd
     * @param dsMpc  Ds
     * @param ddsMpc Dds
     * @return the distances
     */
    public static Distances ofMpc(double ddMpc, double dsMpc, double ddsMpc) {
        return new Distances(ddMpc * Physics.MPC_METERS, dsMpc * Physics.MPC_METERS, ddsMpc * Physics.MPC_METERS);
    }

    /**
     * Returns Dds/Ds, the factor between the deflection angle α̂ and the reduced deflection α.
     *
     * @return Dds/Ds
     */
    public double ratio() {
        return ddsMeters / dsMeters;
    }

    /**
     * Returns the critical surface density Σcr = c²·Ds / (4πG·Dd·Dds).
     *
     * @return Σcr in kg/m²
     */
    public double criticalDensityKgPerM2() {
        return Physics.C * Physics.C * dsMeters / (4 * Math.PI * Physics.G * ddMeters * ddsMeters);
    }
}
