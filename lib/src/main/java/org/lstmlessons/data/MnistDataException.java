package org.lstmlessons.data;

/**
 * Something is wrong with MNIST data or its source, and the message says what and how to fix it.
 * The subclasses name the kind of problem: {@link IdxFormatException} (a file is not the IDX data it
 * should be), {@link ChecksumMismatchException} (a file is not the one published),
 * {@link MnistUnavailableException} (no copy anywhere and no download possible).
 * Used by lesson 3 ({@code 03-mnist-lstm}) and lesson 4.
 */
public class MnistDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MnistDataException(String message) {
        super(message);
    }

    public MnistDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
