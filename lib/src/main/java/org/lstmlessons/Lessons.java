package org.lstmlessons;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one line every lesson starts with: {@code Lessons.seed(42);}.
 *
 * <p>It fixes ND4J's random generator and the default floating point type, so a notebook prints
 * the same numbers on every run. DL4J networks take their own seed in their configuration
 * ({@code .seed(42)}); this covers everything else drawn from {@code Nd4j.rand*}.
 */
public final class Lessons {

    private Lessons() {
    }

    /**
     * Seeds ND4J's global random generator and sets float32 as the default data type.
     *
     * <p>Returns nothing on purpose: Java kernels echo the value of a cell's last expression.
     *
     * @param seed any long; the lessons use 42
     */
    public static void seed(long seed) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getRandom().setSeed(seed);
    }
}
