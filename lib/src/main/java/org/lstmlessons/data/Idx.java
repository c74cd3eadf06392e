package org.lstmlessons.data;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the format of MNIST and Fashion-MNIST), gzip-compressed or not: the file's
 * first bytes decide, not its name. Only unsigned-byte data (type code {@code 0x08}) is read.
 *
 * <p>An IDX file is a 4-byte magic number {@code 00 00 TT NN} (type code TT, NN dimensions), NN
 * big-endian 32-bit sizes, then the data. Anything else raises one {@link IdxFormatException} that
 * names the file and says what is wrong; no other exception escapes (a fuzz test checks).
 */
public final class Idx {

    /** Nothing decompresses to more than this (MNIST's largest file is 47 MB). */
    static final int MAX_BYTES = 256 << 20;
    private static final String FIX = " Replace it with a fresh copy of the original file"
            + " (./lessons setup puts verified MNIST files into the cache).";

    private Idx() {
    }

    /** Reads and checks one IDX file; {@code .gz} content is decompressed. */
    public static IdxArray read(Path file) {
        return parse(contentOf(file), file.toString());
    }

    /**
     * Reads one file of MNIST and checks it is that file's kind: images {@code [count, rows, cols]}
     * or labels {@code [count]}.
     */
    public static IdxArray read(Path file, MnistFile kind) {
        return parse(contentOf(file), file.toString(), kind);
    }

    /** Parses decompressed content and checks it is {@code kind}'s shape (images or labels). */
    public static IdxArray parse(byte[] content, String source, MnistFile kind) {
        IdxArray a = parse(content, source);
        if (a.dims().length != kind.dimensions()) {
            throw new IdxFormatException(String.format(Locale.ROOT,
                    "%s: expected %s (magic 0x%08X, %d dimension%s) but found %d dimensions %s; "
                            + "are the images and labels files swapped or misnamed?" + FIX,
                    source, kind.images() ? "images" : "labels", kind.magic(), kind.dimensions(),
                    kind.dimensions() == 1 ? "" : "s", a.dims().length, Arrays.toString(a.dims())));
        }
        return a;
    }

    /**
     * The file's bytes, decompressed when they start with the gzip signature.
     *
     * @throws IdxFormatException when the gzip data is broken or too large
     * @throws DataException when the file cannot be read at all
     */
    public static byte[] contentOf(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataUnavailableException(file + " does not exist.");
        } catch (IOException e) {
            throw new DataException("Cannot read " + file + ": " + e + ". Check the file's permissions.", e);
        }
        return isGzip(bytes) ? gunzip(bytes, file.toString()) : bytes;
    }

    /** Whether bytes start with the gzip signature {@code 1f 8b}. */
    public static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xFF) == 0x1F && (bytes[1] & 0xFF) == 0x8B;
    }

    static byte[] gunzip(byte[] gz, String source) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz), 1 << 16)) {
            byte[] out = in.readNBytes(MAX_BYTES + 1);
            if (out.length > MAX_BYTES) {
                throw new IdxFormatException(source + ": decompresses to more than " + (MAX_BYTES >> 20)
                        + " MiB; that is no MNIST file." + FIX);
            }
            return out;
        } catch (EOFException e) {
            throw new IdxFormatException(source + ": is truncated (the gzip data ends early)." + FIX, e);
        } catch (ZipException e) {
            throw new IdxFormatException(source + ": is not valid gzip data (" + e.getMessage() + ")." + FIX, e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException m) {
                throw m;
            }
            throw new IdxFormatException(source + ": cannot be decompressed (" + e + ")." + FIX, e);
        }
    }

    /**
     * Parses IDX content that is already decompressed.
     *
     * @param content the whole file
     * @param source  the file's name, for messages
     */
    public static IdxArray parse(byte[] content, String source) {
        if (content.length < 4) {
            throw new IdxFormatException(source + ": is truncated: " + content.length
                    + " bytes, but an IDX file starts with a 4-byte magic number." + FIX);
        }
        int magic = readInt(content, 0);
        int type = content[2] & 0xFF;
        int ndims = content[3] & 0xFF;
        if (content[0] != 0 || content[1] != 0 || ndims < 1 || ndims > 4) {
            throw new IdxFormatException(String.format(Locale.ROOT,
                    "%s: wrong magic number 0x%08X; an IDX file starts with 00 00, a type code and 1-4 dimensions "
                            + "(MNIST images 0x00000803, labels 0x00000801). It is not an (uncompressed or gzip) IDX file."
                            + FIX, source, magic));
        }
        if (type != 0x08) {
            throw new IdxFormatException(String.format(Locale.ROOT,
                    "%s: magic number 0x%08X says type code 0x%02X; only unsigned-byte IDX files (0x08) such as MNIST "
                            + "are read here." + FIX, source, magic, type));
        }
        int header = 4 + 4 * ndims;
        if (content.length < header) {
            throw new IdxFormatException(source + ": is truncated inside its header (" + content.length
                    + " bytes, the header of " + ndims + " dimensions needs " + header + ")." + FIX);
        }
        int[] dims = new int[ndims];
        long expected = 1;
        for (int d = 0; d < ndims; d++) {
            dims[d] = readInt(content, 4 + 4 * d);
            if (dims[d] < 0) {
                throw new IdxFormatException(source + ": dimension " + d + " is negative (" + dims[d] + ")." + FIX);
            }
            expected *= dims[d];
            if (expected > MAX_BYTES) {
                throw new IdxFormatException(source + ": its header declares more than " + (MAX_BYTES >> 20)
                        + " MiB of data " + Arrays.toString(Arrays.copyOf(dims, d + 1)) + "; that is no MNIST file." + FIX);
            }
        }
        long actual = content.length - (long) header;
        if (actual < expected) {
            throw new IdxFormatException(String.format(Locale.ROOT,
                    "%s: is truncated: its header declares %s = %,d bytes of data but only %,d follow.%s",
                    source, Arrays.toString(dims), expected, actual, FIX));
        }
        if (actual > expected) {
            throw new IdxFormatException(String.format(Locale.ROOT,
                    "%s: has %,d bytes more than its header %s declares; the file is corrupt or two files were joined.%s",
                    source, actual - expected, Arrays.toString(dims), FIX));
        }
        return new IdxArray(source, dims, Arrays.copyOfRange(content, header, content.length));
    }

    /**
     * Writes IDX bytes (uncompressed) for the given dimensions and data; tests and exercises use it
     * to make small files.
     */
    public static byte[] encode(int[] dims, byte[] data) {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        if (dims.length < 1 || dims.length > 4 || n != data.length) {
            throw new IllegalArgumentException("Idx.encode: dims " + Arrays.toString(dims) + " hold " + n
                    + " bytes but data has " + data.length + " (and 1-4 dimensions are allowed).");
        }
        byte[] out = new byte[4 + 4 * dims.length + data.length];
        out[2] = 0x08;
        out[3] = (byte) dims.length;
        for (int d = 0; d < dims.length; d++) {
            writeInt(out, 4 + 4 * d, dims[d]);
        }
        System.arraycopy(data, 0, out, 4 + 4 * dims.length, data.length);
        return out;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
