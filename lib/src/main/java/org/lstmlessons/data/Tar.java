package org.lstmlessons.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Takes named entries out of a gzip-compressed tar file (an npm package), enough of the format for
 * npm's tarballs: ustar headers with the name prefix, regular files; everything else is skipped.
 */
final class Tar {

    private static final int BLOCK = 512;

    private Tar() {
    }

    /**
     * Writes each wanted entry (path inside the tarball to target file) and returns those found.
     *
     * @throws IOException when the archive is broken or truncated
     */
    static Map<String, Path> extract(Path tgz, Map<String, Path> wanted) throws IOException {
        Map<String, Path> found = new HashMap<>();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz), 1 << 16))) {
            byte[] header = new byte[BLOCK];
            while (true) {
                if (in.readNBytes(header, 0, BLOCK) < BLOCK) {
                    throw new EOFException(tgz.getFileName() + ": the tar data ends inside a header");
                }
                if (allZero(header)) {
                    return found;
                }
                String name = text(header, 0, 100);
                String prefix = text(header, 345, 155);
                String path = prefix.isEmpty() ? name : prefix + "/" + name;
                long size = octal(header, 124, 12);
                byte type = header[156];
                Path target = wanted.get(path);
                if (target != null && (type == '0' || type == 0)) {
                    try (OutputStream out = Files.newOutputStream(target)) {
                        copy(in, out, size);
                    }
                    found.put(path, target);
                } else {
                    skip(in, size);
                }
                skip(in, (BLOCK - size % BLOCK) % BLOCK);
            }
        }
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[1 << 16];
        for (long left = size; left > 0;) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException("the tar data ends inside an entry");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        in.skipNBytes(n); // EOFException when the data ends first
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len) throws IOException {
        String s = text(b, off, len).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("a tar header has the size '" + s + "', not an octal number");
        }
    }
}
