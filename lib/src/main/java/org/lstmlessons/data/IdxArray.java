package org.lstmlessons.data;

import java.util.Arrays;

/**
 * The content of one IDX file of unsigned bytes: its dimensions and its data in row-major order.
 * Made by {@link Idx#read(java.nio.file.Path)}.
 *
 * @param source the file name it came from (for messages)
 * @param dims   the dimensions, e.g. {@code [60000, 28, 28]} for MNIST's training images
 * @param data   {@code dims[0] * dims[1] * ...} bytes, each 0..255 read with {@code & 0xFF}
 */
public record IdxArray(String source, int[] dims, byte[] data) {

    /** The first dimension: how many images or labels. */
    public int count() {
        return dims[0];
    }

    @Override
    public String toString() {
        return source + " " + Arrays.toString(dims);
    }
}
