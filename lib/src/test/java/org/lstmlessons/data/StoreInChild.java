package org.lstmlessons.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.lstmlessons.LessonConfig;

/**
 * A second "kernel" in a process of its own: loads the fixture data set through the cache.
 * Arguments: the cache folder, then mirror URLs (none: offline). Prints "ok ORIGIN" and exits 0, or
 * prints "EXCEPTION-CLASS: message" and exits 1.
 */
public final class StoreInChild {

    private StoreInChild() {
    }

    public static void main(String[] args) {
        List<URI> mirrors = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            mirrors.add(URI.create(args[i]));
        }
        Map<String, String> env = mirrors.isEmpty() ? Map.of("LSTM_LESSONS_OFFLINE", "1") : Map.of();
        LessonConfig config = LessonConfig.from(k -> "user.home".equals(k) ? "/nonexistent" : null, env::get)
                .withCacheDir(Path.of(args[0]));
        try {
            Mnist m = Mnist.load(MnistFixtures.dataset(mirrors), config, s -> { });
            System.out.println("ok " + m.origin() + " " + m.train().size());
            System.exit(0);
        } catch (DataException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
