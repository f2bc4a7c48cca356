package org.poolkit.render.output;

/**
 * A colour map: evenly spaced anchor colours, interpolated linearly in RGB. The anchors approximate matplotlib's
 * maps by samples at evenly spaced points (viridis and inferno at 0, 1/8, …, 1; the diverging map is ColorBrewer's
 * eleven RdBu classes); position 0 is exactly the first anchor and 1 exactly the last. Immutable.
 */
final class ColourMap {

    /** matplotlib's viridis: dark purple (low) through teal and green to yellow (high). */
    static final ColourMap VIRIDIS = new ColourMap("viridis",
            0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725);

    /** matplotlib's inferno: black (low) through purple, red and orange to pale yellow (high). */
    static final ColourMap INFERNO = new ColourMap("inferno",
            0x000004, 0x1f0c48, 0x550f6d, 0x88226a, 0xba3655, 0xe35933, 0xf98e09, 0xf9cb35, 0xfcffa4);

    /**
     * matplotlib's RdBu_r (ColorBrewer RdBu reversed): dark blue (low) through near-white (middle, position 0.5)
     * to dark red (high).
     */
    static final ColourMap DIVERGING = new ColourMap("RdBu_r",
            0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b,
            0x67001f);

    private final String name;
    private final int[] anchorsRgb;

    private ColourMap(String name, int... anchorsRgb) {
        this.name = name;
        this.anchorsRgb = anchorsRgb;
    }

    /**
     * Returns the colour at a position.
     *
     * @param position 0 (low end) to 1 (high end); clamped to that range; NaN is not allowed
     * @return the colour as 0xRRGGBB
     */
    int rgb(double position) {
        double x = Math.min(1, Math.max(0, position)) * (anchorsRgb.length - 1);
        int k = Math.min((int) x, anchorsRgb.length - 2);
        double f = x - k;
        int a = anchorsRgb[k];
        int b = anchorsRgb[k + 1];
        return channel(a, b, f, 16) | channel(a, b, f, 8) | channel(a, b, f, 0);
    }

    private static int channel(int a, int b, double f, int shift) {
        int ca = (a >> shift) & 0xff;
        int cb = (b >> shift) & 0xff;
        return (int) Math.round(ca + (cb - ca) * f) << shift;
    }

    /**
     * Returns the colour of the low end.
     *
     * @return 0xRRGGBB at position 0
     */
    int lowRgb() {
        return anchorsRgb[0];
    }

    /**
     * Returns the colour of the high end.
     *
     * @return 0xRRGGBB at position 1
     */
    int highRgb() {
        return anchorsRgb[anchorsRgb.length - 1];
    }

    @Override
    public String toString() {
        return name;
    }
}
