package org.lstmlessons.data;

/**
 * A file is not valid IDX data of the expected kind: wrong magic number, truncated, extra bytes,
 * broken gzip, labels outside 0..9, or image and label files that disagree on the count.
 * The message names the file.
 */
public class IdxFormatException extends DataException {

    private static final long serialVersionUID = 1L;

    public IdxFormatException(String message) {
        super(message);
    }

    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
