package org.lstmlessons.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    private IdxFormatException failure(String name, byte[] bytes) throws Exception {
        Path p = file(name, bytes);
        return assertThrows(IdxFormatException.class, () -> Idx.read(p));
    }

    @Test
    void gzipAndUncompressedFilesReadTheSame() throws Exception {
        byte[] raw = MnistFixtures.images(3);
        IdxArray a = Idx.read(file("a", raw));
        IdxArray b = Idx.read(file("b.gz", MnistFixtures.gzip(raw)));
        assertArrayEquals(new int[] {3, 28, 28}, a.dims());
        assertArrayEquals(a.dims(), b.dims());
        assertArrayEquals(a.data(), b.data());
        assertEquals(3 * 28 * 28, a.data().length);
        assertEquals((byte) (2 * 7 + 3 * 5 + 4), a.data()[(2 * 28 + 5) * 28 + 4]);
    }

    @Test
    void wrongMagicNumberNamesTheFile() throws Exception {
        byte[] bad = MnistFixtures.labels(5);
        bad[0] = 0x12;
        var e = failure("train-labels-idx1-ubyte", bad);
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte: wrong magic number 0x12000801"), e.getMessage());
        assertTrue(e.getMessage().contains("Replace it with a fresh copy"), e.getMessage());
    }

    @Test
    void nonByteTypeCodeIsRefused() throws Exception {
        byte[] floats = MnistFixtures.labels(5);
        floats[2] = 0x0D;
        var e = failure("floats", floats);
        assertTrue(e.getMessage().contains("type code 0x0D"), e.getMessage());
    }

    @Test
    void truncatedDataSaysHowMuchIsMissing() throws Exception {
        byte[] full = MnistFixtures.images(4);
        var e = failure("t10k-images-idx3-ubyte", Arrays.copyOf(full, full.length - 100));
        assertTrue(e.getMessage().contains("is truncated: its header declares [4, 28, 28] = 3,136 bytes of data but only 3,036 follow"),
                e.getMessage());
    }

    @Test
    void truncatedHeaderAndTinyFilesAreTruncated() throws Exception {
        assertTrue(failure("h", Arrays.copyOf(MnistFixtures.images(1), 9)).getMessage().contains("truncated inside its header"));
        assertTrue(failure("e", new byte[0]).getMessage().contains("0 bytes"));
    }

    @Test
    void truncatedGzipIsReportedAsTruncated() throws Exception {
        byte[] gz = MnistFixtures.gzip(MnistFixtures.images(20));
        var e = failure("x.gz", Arrays.copyOf(gz, gz.length / 2));
        assertTrue(e.getMessage().contains("x.gz: is truncated (the gzip data ends early)"), e.getMessage());
    }

    @Test
    void extraBytesAfterTheDataAreAnError() throws Exception {
        byte[] full = MnistFixtures.labels(5);
        var e = failure("l", Arrays.copyOf(full, full.length + 3));
        assertTrue(e.getMessage().contains("has 3 bytes more than its header [5] declares"), e.getMessage());
    }

    @Test
    void imagesReadAsLabelsAreCalledSwapped() throws Exception {
        Path p = file("train-labels-idx1-ubyte", MnistFixtures.images(2));
        var e = assertThrows(IdxFormatException.class, () -> Idx.read(p, MnistFile.TRAIN_LABELS));
        assertTrue(e.getMessage().contains("expected labels (magic 0x00000801, 1 dimension) but found 3 dimensions"),
                e.getMessage());
    }

    @Test
    void encodeThenParseRoundTrips() {
        byte[] data = {1, 2, 3, 4, 5, 6};
        IdxArray a = Idx.parse(Idx.encode(new int[] {2, 3}, data), "mem");
        assertArrayEquals(new int[] {2, 3}, a.dims());
        assertArrayEquals(data, a.data());
        assertThrows(IllegalArgumentException.class, () -> Idx.encode(new int[] {2, 2}, data));
    }

    /**
     * Property: whatever the bytes (random, or a valid file with bytes changed, cut or appended,
     * plain or gzip), reading ends quickly with a result or an {@link DataException}.
     */
    @Test
    void randomBytesNeverHangOrThrowAnythingElse() {
        Random random = new Random(20241123);
        byte[] valid = MnistFixtures.images(3);
        byte[] validLabels = MnistFixtures.labels(7);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int parsed = 0;
            for (int i = 0; i < 4000; i++) {
                byte[] input = mutate(random, random.nextBoolean() ? valid : validLabels);
                if (random.nextInt(4) == 0) {
                    input = MnistFixtures.gzip(input);
                    if (random.nextBoolean()) {
                        input = mutate(random, input);
                    }
                }
                try {
                    if (i % 100 == 0) {
                        Idx.read(file("fuzz" + i, input));
                    } else {
                        Idx.parse(Idx.isGzip(input) ? Idx.gunzip(input, "fuzz") : input, "fuzz");
                    }
                    parsed++;
                } catch (DataException expected) {
                    assertTrue(expected.getMessage().contains("fuzz"), expected.getMessage());
                } catch (Throwable t) {
                    fail("input " + i + " (" + input.length + " bytes) threw " + t, t);
                }
            }
            assertTrue(parsed > 0 && parsed < 4000, "parsed " + parsed + " of 4000: the mutations should break most");
        });
    }

    private static byte[] mutate(Random random, byte[] valid) {
        switch (random.nextInt(5)) {
            case 0: {
                byte[] b = new byte[random.nextInt(64)];
                random.nextBytes(b);
                return b;
            }
            case 1: {
                byte[] b = valid.clone();
                for (int k = random.nextInt(4) + 1; k > 0; k--) {
                    b[random.nextInt(Math.min(b.length, 24))] = (byte) random.nextInt(256);
                }
                return b;
            }
            case 2:
                return Arrays.copyOf(valid, random.nextInt(valid.length + 1));
            case 3: {
                byte[] b = Arrays.copyOf(valid, valid.length + random.nextInt(50));
                return b;
            }
            default: {
                byte[] b = valid.clone();
                b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                return b;
            }
        }
    }
}
