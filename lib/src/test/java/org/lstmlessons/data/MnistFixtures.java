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
        Map<MnistFile, Set<String>> sums = new EnumMap<>(MnistFile.class);
        raw().forEach((f, b) -> sums.put(f, Set.of(Sha256.hex(b), Sha256.hex(gzip(b)))));
        return new MnistDataset("Fixture-MNIST", "fixture-mnist", mirrors, List.of(), sums,
                org.lstmlessons.LessonConfig::mnistDir);
    }
}
