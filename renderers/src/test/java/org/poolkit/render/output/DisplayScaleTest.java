package org.poolkit.render.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.poolkit.render.lens.Quantity;

class DisplayScaleTest {

    private static double[] ramp(double from, double to, int n) {
        double[] values = new double[n];
        for (int k = 0; k < n; k++) {
            values[k] = from + (to - from) * k / (n - 1);
        }
        return values;
    }

    @Test
    void colourMap_ends_areTheAnchors() {
        assertEquals(0x440154, ColourMap.VIRIDIS.rgb(0));
        assertEquals(0x21918c, ColourMap.VIRIDIS.rgb(0.5));
        assertEquals(0xfde725, ColourMap.VIRIDIS.rgb(1));
        assertEquals(0xfde725, ColourMap.VIRIDIS.rgb(7), "clamped");
        assertEquals(0x000004, ColourMap.INFERNO.rgb(-1), "clamped");
        assertEquals(0xf7f7f7, ColourMap.DIVERGING.rgb(0.5), "white at zero");
    }

    @Test
    void of_otherQuantities_linearBetweenHalfPercentiles() {
        DisplayScale scale = DisplayScale.of(Quantity.POTENTIAL, ramp(0, 1000, 1001));
        assertFalse(scale.log());
        assertEquals(5, scale.low(), 1e-9);
        assertEquals(995, scale.high(), 1e-9);
        assertEquals(ColourMap.VIRIDIS, scale.colours());
        assertEquals("potential [arcsec2]", scale.title());
    }

    @Test
    void of_kappa_log10FromPercentileDownFourDecades() {
        double[] values = ramp(1e-8, 10, 100_001);
        values[0] = 0;
        values[1] = Double.NaN;
        values[2] = -3;
        values[3] = Double.POSITIVE_INFINITY;
        DisplayScale scale = DisplayScale.of(Quantity.KAPPA, values);
        assertTrue(scale.log());
        assertEquals(9.99, scale.high(), 0.01);
        assertEquals(scale.high() * 1e-4, scale.low(), 1e-12);
        assertEquals(0.5, scale.position(Math.sqrt(scale.low() * scale.high())), 1e-12);
        assertEquals(0, scale.position(-1));
        assertEquals("kappa (log)", scale.title());
        assertEquals(List.of("0.001", "0.01", "0.1", "1"),
                scale.ticks().stream().map(DisplayScale.Tick::label).toList());
    }

    @Test
    void of_invmag_symmetricAt98thPercentileOfMagnitude() {
        double[] values = ramp(-100, 50, 1501);
        DisplayScale scale = DisplayScale.of(Quantity.INVMAG, values);
        assertEquals(-scale.high(), scale.low());
        assertEquals(97, scale.high(), 0.2);
        assertEquals(0.5, scale.position(0));
        assertEquals(ColourMap.DIVERGING, scale.colours());
    }

    @Test
    void of_image_linearFromZeroToMax() {
        DisplayScale scale = DisplayScale.of(Quantity.IMAGE, new double[] {0.25, Double.NaN, 0.8, 0});
        assertEquals(0, scale.low());
        assertEquals(0.8, scale.high());
        assertEquals(ColourMap.INFERNO, scale.colours());
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "-1, 1", "4.5, 5.5", "0.001, 0.0073", "-3e7, 1.2e8", "123.4, 123.9", "-0.02, 7e-5",
            "1e-9, 3e-9", "0, 299"})
    void ticks_linear_fourToSixDistinctLabelsInside(double low, double high) {
        List<DisplayScale.Tick> ticks = new DisplayScale(low, high, false, ColourMap.VIRIDIS, "t").ticks();
        assertTrue(ticks.size() >= 4 && ticks.size() <= 6, low + ".." + high + ": " + ticks);
        assertEquals(ticks.size(), ticks.stream().map(DisplayScale.Tick::label).distinct().count(), ticks::toString);
        for (int k = 0; k < ticks.size(); k++) {
            assertTrue(ticks.get(k).position() >= 0 && ticks.get(k).position() <= 1);
            assertTrue(k == 0 || ticks.get(k).position() > ticks.get(k - 1).position());
            assertTrue(ticks.get(k).label().length() <= 8, ticks.get(k).label());
        }
    }

    @Test
    void ticks_randomLinearRanges_alwaysFourToSixDistinct() {
        Random random = new Random(11);
        for (int n = 0; n < 20_000; n++) {
            double width = Math.pow(10, random.nextDouble() * 16 - 8);
            double low = (random.nextBoolean() ? 1 : -1) * width * Math.pow(10, random.nextDouble() * 4 - 2);
            List<DisplayScale.Tick> ticks = new DisplayScale(low, low + width, false, ColourMap.VIRIDIS, "t").ticks();
            assertTrue(ticks.size() >= 4 && ticks.size() <= 6, low + " + " + width + ": " + ticks);
            assertEquals(ticks.size(), ticks.stream().map(DisplayScale.Tick::label).distinct().count(),
                    ticks::toString);
        }
    }

    @ParameterizedTest
    @CsvSource({"1e-4, 1", "0.05, 2", "0.3, 3", "2, 5", "1e3, 3e6", "0.5, 50"})
    void ticks_log_inRangeAndAscending(double low, double high) {
        List<DisplayScale.Tick> ticks = new DisplayScale(low, high, true, ColourMap.VIRIDIS, "t").ticks();
        assertTrue(ticks.size() >= 3 && ticks.size() <= 7, low + ".." + high + ": " + ticks);
        for (int k = 1; k < ticks.size(); k++) {
            assertTrue(ticks.get(k).position() > ticks.get(k - 1).position(), ticks::toString);
        }
    }

    @Test
    void compact_threeSignificantDigits() {
        assertEquals("0.001", DisplayScale.compact(1e-3));
        assertEquals("2.5e-5", DisplayScale.compact(2.5e-5));
        assertEquals("1e6", DisplayScale.compact(1e6));
        assertEquals("316", DisplayScale.compact(316.2));
    }
}
