package org.lstmlessons.arrays;

import java.util.Arrays;
import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Prints arrays the way the source lessons (NumPy) print them, so a reader can hold a Java
 * output next to the TensorFlow one: nested brackets, aligned columns, a blank line between the
 * blocks of a rank-3 array.
 *
 * <pre>
 * [[-0.00570551  0.08357365  0.04054929 -0.27129793]]
 * </pre>
 *
 * Used by every lesson. Works for rank 1 to 3 (the ranks the lessons use).
 */
public final class ArrayPrinter {

    /** NumPy prints float32 with 8 decimals; so do we unless told otherwise. */
    public static final int DEFAULT_DECIMALS = 8;

    private ArrayPrinter() {
    }

    /** {@link #format(INDArray, int)} with 8 decimals. */
    public static String format(INDArray array) {
        return format(array, DEFAULT_DECIMALS);
    }

    /**
     * Formats an array of rank 1, 2 or 3 in NumPy's layout.
     *
     * @param array    the array (any floating or integer type)
     * @param decimals digits after the decimal point, 0 to 12
     * @return the text, without a trailing newline
     * @throws IllegalArgumentException for a null array, rank 0 or above 3, or decimals out of range
     */
    public static String format(INDArray array, int decimals) {
        if (array == null) {
            throw new IllegalArgumentException("ArrayPrinter.format: the array is null; pass the INDArray to print.");
        }
        if (array.rank() < 1 || array.rank() > 3) {
            throw new IllegalArgumentException("ArrayPrinter.format: rank " + array.rank() + " (shape "
                    + Arrays.toString(array.shape()) + ") is not supported; reshape to rank 1, 2 or 3 first.");
        }
        if (decimals < 0 || decimals > 12) {
            throw new IllegalArgumentException("ArrayPrinter.format: decimals must be 0..12, got " + decimals + ".");
        }
        double[] values = array.dup().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
        String pattern = "%." + decimals + "f";
        String[] cells = new String[values.length];
        int width = 0;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (v == 0.0) {
                v = 0.0; // print -0.0 as 0
            }
            cells[i] = String.format(Locale.ROOT, pattern, v);
            width = Math.max(width, cells[i].length());
        }
        long[] shape = array.shape();
        StringBuilder sb = new StringBuilder();
        append(sb, cells, width, shape, 0, 0, 1);
        return sb.toString();
    }

    /** Formats with a header line that names the array and gives its shape: {@code h  shape [1, 4]}. */
    public static String describe(String name, INDArray array) {
        return name + "  shape " + Arrays.toString(array.shape()) + "\n" + format(array);
    }

    // Appends the sub-array starting at flat index 'offset' for dimension 'dim'; 'depth' is the
    // column at which the opening bracket stands (for NumPy-style indentation).
    private static int append(StringBuilder sb, String[] cells, int width, long[] shape, int dim, int offset,
            int depth) {
        sb.append('[');
        int n = (int) shape[dim];
        if (dim == shape.length - 1) {
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                sb.append(" ".repeat(width - cells[offset + i].length())).append(cells[offset + i]);
            }
            sb.append(']');
            return offset + n;
        }
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                // one newline between rows, two between rank-3 blocks, as NumPy does
                sb.append("\n".repeat(shape.length - 1 - dim));
                sb.append(" ".repeat(depth));
            }
            offset = append(sb, cells, width, shape, dim + 1, offset, depth + 1);
        }
        sb.append(']');
        return offset;
    }
}
