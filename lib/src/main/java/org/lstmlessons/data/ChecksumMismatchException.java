package org.lstmlessons.data;

/**
 * A file's SHA-256 is not the published one: a broken download, a tampered mirror or a file that
 * is not what its name says. The message names the file, the expected and the actual checksum.
 * Such a file is never kept in the cache.
 */
public class ChecksumMismatchException extends DataException {

    private static final long serialVersionUID = 1L;

    public ChecksumMismatchException(String message) {
        super(message);
    }
}
