package org.lstmlessons.lstm.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FastMathTest {

    @Test
    void tanhIsWithin4e7OfTheExactValueEverywhere() {
        double worst = 0;
        for (int i = -2_000_000; i <= 2_000_000; i++) {
            float x = i * 1e-5f;
            worst = Math.max(worst, Math.abs(FastMath.tanh(x) - Math.tanh(x)));
        }
        assertTrue(worst < 4e-7, "largest error " + worst);
        assertEquals(1f, FastMath.tanh(50f), 1e-7);
        assertEquals(-1f, FastMath.tanh(-1e30f), 1e-7);
    }

    @Test
    void sigmoidIsWithin2point5e7OfTheExactValueEverywhere() {
        double worst = 0;
        for (int i = -2_000_000; i <= 2_000_000; i++) {
            float x = i * 1e-5f;
            worst = Math.max(worst, Math.abs(FastMath.sigmoid(x) - 1 / (1 + Math.exp(-x))));
        }
        assertTrue(worst < 2.5e-7, "largest error " + worst);
    }
}
