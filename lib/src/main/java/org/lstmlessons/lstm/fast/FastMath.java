package org.lstmlessons.lstm.fast;

/**
 * tanh and the logistic sigmoid in float, without {@code Math.exp}: a rational function that the
 * JIT compiles to SIMD instructions when it sits in a loop over an array.
 *
 * <p>{@code tanh(x) ≈ x P(x²) / Q(x²)} on [-9, 9] (P of degree 5, Q of degree 3, fitted by a
 * weighted least-squares minimax refinement for this project), clamped to ±9 outside, where
 * tanh is 1 within 3e-8. Largest error against the exact tanh: 5e-8 in exact arithmetic,
 * 4e-7 when evaluated in float — about what float rounding allows.
 * {@code sigmoid(x) = (1 + tanh(x / 2)) / 2}, so its error is half that.
 */
final class FastMath {

    private static final float CLAMP = 9f;
    private static final float P0 = 0.99999973647f;
    private static final float P1 = 0.1291065016f;
    private static final float P2 = 0.0029119593146f;
    private static final float P3 = 9.1947837066e-06f;
    private static final float P4 = -1.2590432535e-08f;
    private static final float P5 = 1.7836624685e-11f;
    private static final float Q1 = 0.46243883136f;
    private static final float Q2 = 0.02372602338f;
    private static final float Q3 = 0.00022693626813f;

    private FastMath() {
    }

    /** tanh(x), absolute error below 4e-7. */
    static float tanh(float x) {
        float v = Math.max(-CLAMP, Math.min(CLAMP, x));
        float u = v * v;
        float p = ((((P5 * u + P4) * u + P3) * u + P2) * u + P1) * u + P0;
        float q = ((Q3 * u + Q2) * u + Q1) * u + 1f;
        return v * p / q;
    }

    /** 1 / (1 + e^-x), absolute error below 2.5e-7. */
    static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }
}
