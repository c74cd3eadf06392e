package org.lstmlessons.data;

/**
 * No usable copy of a data set's file exists (not in the named folder, not in the cache) and none
 * could be downloaded, or the cache cannot be used. The message lists what was tried and the ways
 * to get the files, built from the data set's own settings ({@link DataSet#advice}).
 */
public class DataUnavailableException extends DataException {

    private static final long serialVersionUID = 1L;

    public DataUnavailableException(String message) {
        super(message);
    }

    public DataUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
