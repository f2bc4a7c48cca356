package org.poolkit.spi;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;

/**
 * A parsed pool spec, {@code name[:key=value[,key=value]*]}, e.g. {@code loopback:workers=4,seed=7}.
 *
 * <p>Names and keys are case-insensitive and kept in lower case. The typed getters fail with an
 * {@link IllegalArgumentException} that names the key, the value and the expected form.
 *
 * <p>Instances are immutable.
 *
 * @since 0.1
 */
public final class PoolSpec {

    private final String text;
    private final String name;
    private final Map<String, String> values;

    private PoolSpec(String text, String name, Map<String, String> values) {
        this.text = text;
        this.name = name;
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Parses a spec.
     *
     * @param spec the text, e.g. {@code "dummy"} or {@code "loopback:workers=2"}
     * @return the parsed spec
     * @throws NullPointerException     if {@code spec} is null
     * @throws IllegalArgumentException if it is not of the form {@code name[:key=value[,key=value]*]}
     */
    public static PoolSpec parse(String spec) {
        Objects.requireNonNull(spec, "spec must not be null; expected name[:key=value[,key=value]*], e.g. \"dummy\"");
        String trimmed = spec.strip();
        int colon = trimmed.indexOf(':');
        String name = (colon < 0 ? trimmed : trimmed.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("pool spec '" + spec + "' has no pool name; expected"
                    + " name[:key=value[,key=value]*], e.g. \"dummy\" or \"loopback:workers=4\"");
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String pair : trimmed.substring(colon + 1).split(",", -1)) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? "" : pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                if (eq < 0 || key.isEmpty()) {
                    throw new IllegalArgumentException("pool spec '" + spec + "': '" + pair.strip()
                            + "' is not key=value; expected name[:key=value[,key=value]*]");
                }
                if (values.put(key, pair.substring(eq + 1).strip()) != null) {
                    throw new IllegalArgumentException("pool spec '" + spec + "' sets key '" + key + "' twice");
                }
            }
        }
        return new PoolSpec(spec, name, values);
    }

    /**
     * Returns the pool name.
     *
     * @return the name in lower case
     */
    public String name() {
        return name;
    }

    /**
     * Returns the key/value pairs as given.
     *
     * @return the values by lower-case key, in spec order
     */
    public Map<String, String> values() {
        return values;
    }

    /**
     * Fails unless every key of this spec is one of {@code allowed}.
     *
     * @param allowed the keys the pool understands, with a description of each value's form
     * @throws IllegalArgumentException naming the first unknown key and listing the valid ones
     */
    public void requireKnownKeys(Map<String, String> allowed) {
        for (String key : values.keySet()) {
            if (!allowed.containsKey(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in pool spec '" + text + "'; valid keys for '"
                        + name + "': " + (allowed.isEmpty() ? "none" : String.join(", ", new TreeSet<>(allowed.keySet()))));
            }
        }
    }

    /**
     * Returns the raw value of a key.
     *
     * @param key the key
     * @return the value, if the spec sets it
     */
    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * Returns an integer value.
     *
     * @param key the key
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the value, if the spec sets it
     * @throws IllegalArgumentException if it is not an integer in {@code [min, max]}
     */
    public Optional<Integer> intValue(String key, int min, int max) {
        return value(key).map(v -> {
            try {
                int i = Integer.parseInt(v);
                if (i >= min && i <= max) {
                    return i;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw badValue(key, v, "an integer from " + min + " to " + max);
        });
    }

    /**
     * Returns a long integer value.
     *
     * @param key the key
     * @return the value, if the spec sets it
     * @throws IllegalArgumentException if it is not a long integer
     */
    public Optional<Long> longValue(String key) {
        return value(key).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw badValue(key, v, "an integer (64-bit)");
            }
        });
    }

    /**
     * Returns a boolean value.
     *
     * @param key the key
     * @return the value, if the spec sets it
     * @throws IllegalArgumentException if it is not {@code true} or {@code false}
     */
    public Optional<Boolean> booleanValue(String key) {
        return value(key).map(v -> {
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(v);
            }
            throw badValue(key, v, "true or false");
        });
    }

    /**
     * Returns a duration value in HOCON form ({@code 500ms}, {@code 30s}, {@code 2m}).
     *
     * @param key the key
     * @return the value, if the spec sets it
     * @throws IllegalArgumentException if it is not a positive duration
     */
    public Optional<Duration> durationValue(String key) {
        return value(key).map(v -> {
            try {
                Duration d = ConfigFactory.parseString("d = \"" + v.replace("\"", "") + "\"").getDuration("d");
                if (!d.isNegative() && !d.isZero()) {
                    return d;
                }
            } catch (ConfigException e) {
                // reported below
            }
            throw badValue(key, v, "a positive duration such as 500ms, 30s or 2m");
        });
    }

    /**
     * Builds the error for a value of the wrong form.
     *
     * @param key      the key
     * @param value    the value given
     * @param expected the expected form, in words
     * @return an exception naming all three
     */
    public IllegalArgumentException badValue(String key, String value, String expected) {
        return new IllegalArgumentException("bad value '" + value + "' for key '" + key + "' in pool spec '" + text
                + "'; expected " + expected);
    }

    @Override
    public String toString() {
        return text;
    }
}
