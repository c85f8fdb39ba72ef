package io.govstream.governance.state;

/**
 * Builds the fixed-width number suffixes of the state stores' keys (and of the request ids' expiry index). Hand-written because
 * {@code String.format("%012d", n)}, which wrote them before, parsed its pattern on every decision
 * and took about a tenth of the decide task's time (docs/benchmarks.md). The output is the same,
 * sign included, and must stay so: the keys are persisted.
 */
public final class StateKeys {
    private StateKeys() {
    }

    /** {@code value} in decimal, left-padded with zeros to {@code width} characters, as {@code %0<width>d} formats it. */
    public static String zeroPadded(long value, int width) {
        String digits = Long.toString(value);
        if (digits.length() >= width) {
            return digits;
        }
        StringBuilder out = new StringBuilder(width);
        int start = 0;
        if (value < 0) {
            out.append('-');
            start = 1;
        }
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits, start, digits.length()).toString();
    }
}
