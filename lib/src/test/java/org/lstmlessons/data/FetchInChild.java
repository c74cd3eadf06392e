package org.lstmlessons.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.lstmlessons.LessonConfig;

/** A second "kernel": loads the fixture data set through the cache (args: cache dir, mirror URL). Exit 0 when loaded. */
public final class FetchInChild {

    private FetchInChild() {
    }

    public static void main(String[] args) {
        LessonConfig config = LessonConfig.from(k -> "user.home".equals(k) ? "/nonexistent" : null, Map.<String, String>of()::get)
                .withCacheDir(Path.of(args[0]));
        Mnist m = Mnist.load(MnistFixtures.dataset(List.of(URI.create(args[1]))), config, s -> { });
        System.out.println("loaded " + m.train().size() + " " + m.test().size());
        System.exit(m.train().size() == MnistFixtures.TRAIN ? 0 : 1);
    }
}
