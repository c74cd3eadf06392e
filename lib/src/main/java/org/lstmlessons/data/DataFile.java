package org.lstmlessons.data;

import java.util.List;
import java.util.Set;

/**
 * One file of a {@link DataSet}: its name, the names a copy may have, and the SHA-256 values a good
 * copy may have. A copy is good when its own SHA-256 is one of them or, for a gzip file, when its
 * decompressed content's is; so one list covers a published {@code .gz} file and an unpacked copy.
 *
 * @param name         the file's name in the cache and in messages, e.g. {@code train-images-idx3-ubyte.gz}
 * @param folderNames  the names to look for in a folder (a user's, a system package's): e.g. the
 *                     {@code .gz} name and the unpacked name
 * @param sha256       the accepted SHA-256 values, lower-case hex
 */
public record DataFile(String name, List<String> folderNames, Set<String> sha256) {

    public DataFile {
        if (sha256 == null || sha256.isEmpty()) {
            throw new IllegalArgumentException(name + ": no SHA-256 given; every file needs at least one.");
        }
        folderNames = List.copyOf(folderNames);
        sha256 = Set.copyOf(sha256);
    }

    /** Whether {@code sha} (lower-case hex) is an accepted checksum. */
    public boolean accepts(String sha) {
        return sha256.contains(sha);
    }

    @Override
    public String toString() {
        return name;
    }
}
