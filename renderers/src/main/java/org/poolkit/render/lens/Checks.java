package org.poolkit.render.lens;

/** Argument checks shared by the lens types. */
final class Checks {

    private Checks() {
    }

    /** Returns {@code value}, or throws naming the field if it is not positive and finite. */
    static double positive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be positive and finite, got " + value);
        }
        return value;
    }
}
