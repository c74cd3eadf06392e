package org.lstmlessons;

import java.util.Arrays;
import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks a lesson makes in plain sight: each prints what it compared and the measured number, and
 * throws {@link AssertionError} when the check fails, so a broken lesson fails CI instead of printing
 * a wrong number.
 *
 * <pre>
 * Checks.close("Output_t vs DL4J's h", Output, state.h(), 1e-6);
 * // Output_t vs DL4J's h: max |difference| = 2.98e-08 (< 1e-06) ok
 * </pre>
 */
public final class Checks {

    private Checks() {
    }

    /**
     * Asserts that two arrays of the same shape differ by less than {@code tolerance} everywhere.
     * Returns nothing on purpose: Java kernels echo a cell's last value; use
     * {@link #maxAbsDiff(INDArray, INDArray)} for the number itself.
     */
    public static void close(String what, INDArray actual, INDArray expected, double tolerance) {
        if (actual == null || expected == null) {
            throw new IllegalArgumentException("Checks.close(" + what + "): an array is null.");
        }
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            throw new AssertionError(what + ": shapes differ, " + Arrays.toString(actual.shape()) + " vs "
                    + Arrays.toString(expected.shape()));
        }
        double diff = maxAbsDiff(actual, expected);
        String line = String.format(Locale.ROOT, "%s: max |difference| = %.2e (< %.0e)", what, diff, tolerance);
        if (!(diff < tolerance)) {
            throw new AssertionError(line.replace("(<", "(NOT <") + " - the two computations disagree");
        }
        System.out.println(line + " ok");
    }

    /** Largest absolute difference between two arrays of the same shape (computed in double precision). */
    public static double maxAbsDiff(INDArray a, INDArray b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("maxAbsDiff: shapes differ, " + Arrays.toString(a.shape()) + " vs "
                    + Arrays.toString(b.shape()) + ".");
        }
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    /** Asserts {@code value >= minimum}, printing both (e.g. a test accuracy and its threshold). */
    public static void atLeast(String what, double value, double minimum) {
        String line = String.format(Locale.ROOT, "%s = %.4f (>= %.4f)", what, value, minimum);
        if (!(value >= minimum)) {
            throw new AssertionError(line.replace("(>=", "(NOT >=") + " - below the threshold this lesson promises");
        }
        System.out.println(line + " ok");
    }

    /** Asserts {@code value <= maximum}, printing both (e.g. a perplexity and the most a lesson allows). */
    public static void atMost(String what, double value, double maximum) {
        String line = String.format(Locale.ROOT, "%s = %.4f (<= %.4f)", what, value, maximum);
        if (!(value <= maximum)) {
            throw new AssertionError(line.replace("(<=", "(NOT <=") + " - above the limit this lesson promises");
        }
        System.out.println(line + " ok");
    }

    /** Asserts {@code value < limit}, printing both (e.g. a gradient check's largest relative error). */
    public static void below(String what, double value, double limit) {
        String line = String.format(Locale.ROOT, "%s = %.2e (< %.0e)", what, value, limit);
        if (!(value < limit)) {
            throw new AssertionError(line.replace("(<", "(NOT <") + " - above the limit this lesson promises");
        }
        System.out.println(line + " ok");
    }

    /** Asserts a condition the lesson states in words. */
    public static void isTrue(String statement, boolean condition) {
        if (!condition) {
            throw new AssertionError("expected: " + statement);
        }
        System.out.println(statement + ": ok");
    }
}
