package org.lstmlessons.data;

/**
 * No usable copy of an MNIST file exists (not in the named directory, not in the cache) and none
 * could be downloaded. The message lists what was tried and the ways to get the files.
 */
public class MnistUnavailableException extends MnistDataException {

    private static final long serialVersionUID = 1L;

    public MnistUnavailableException(String message) {
        super(message);
    }

    public MnistUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
