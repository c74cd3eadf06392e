package org.lstmlessons.data;

/**
 * Something is wrong with a data set's file or its source (MNIST, Fashion-MNIST, the Moby-Dick
 * corpus), and the message says what and how to fix it. The subclasses name the kind of problem:
 * {@link IdxFormatException} (a file is not the IDX data it should be), {@link ChecksumMismatchException}
 * (a file is not the one published), {@link DataUnavailableException} (no copy anywhere and no
 * download possible). Thrown by {@link DataStore}; used by lessons 3 and 4.
 */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
