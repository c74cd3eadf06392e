package org.lstmlessons.arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ArrayPrinterTest {

    @Test
    void rowVectorLooksLikeNumpy() {
        var a = Nd4j.createFromArray(new float[][] {{-0.00570551f, 0.08357365f, 0.04054929f, -0.27129793f}});
        assertEquals("[[-0.00570551  0.08357365  0.04054929 -0.27129793]]", ArrayPrinter.format(a));
    }

    @Test
    void matrixRowsAreAlignedUnderEachOther() {
        var a = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {-10, 0.5, 6}});
        assertEquals("[[  1.00   2.00   3.00]\n [-10.00   0.50   6.00]]", ArrayPrinter.format(a, 2));
    }

    @Test
    void rank3BlocksAreSeparatedByABlankLine() {
        var a = Nd4j.createFromArray(new double[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}});
        assertEquals("[[[1 2]\n  [3 4]]\n\n [[5 6]\n  [7 8]]]", ArrayPrinter.format(a, 0));
    }

    @Test
    void vectorAndNegativeZero() {
        assertEquals("[0.0 1.5]", ArrayPrinter.format(Nd4j.createFromArray(-0.0, 1.5), 1));
    }

    @Test
    void describeNamesTheArrayAndItsShape() {
        String s = ArrayPrinter.describe("h", Nd4j.zeros(1, 4));
        assertTrue(s.startsWith("h  shape [1, 4]\n[["), s);
    }

    @Test
    void unsupportedInputIsRejectedWithAHint() {
        var e = assertThrows(IllegalArgumentException.class, () -> ArrayPrinter.format(Nd4j.zeros(1, 2, 3, 4)));
        assertTrue(e.getMessage().contains("rank 4") && e.getMessage().contains("reshape"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ArrayPrinter.format(null));
        assertThrows(IllegalArgumentException.class, () -> ArrayPrinter.format(Nd4j.zeros(2), 13));
    }
}
