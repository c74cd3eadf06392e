package org.lstmlessons.data;

import java.nio.file.Path;

import org.lstmlessons.LessonConfig;

/**
 * Command line for {@code ./lessons setup}: puts verified MNIST files into the cache so tests and
 * notebooks run offline.
 *
 * <pre>
 * java -cp LIB_CLASSPATH org.lstmlessons.data.MnistSetup --check        # exit 0 if the cache is complete and verified
 * java -cp LIB_CLASSPATH org.lstmlessons.data.MnistSetup --install DIR  # copy the four files from DIR, verified
 * </pre>
 * Add {@code --fashion} for Fashion-MNIST. Exit codes: 0 done, 1 not cached (--check), 2 bad
 * usage, 3 a file failed (the message says which and why).
 */
public final class MnistSetup {

    private MnistSetup() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        MnistDataset dataset = MnistDataset.MNIST;
        String command = null;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fashion" -> dataset = MnistDataset.FASHION_MNIST;
                case "--check" -> command = "check";
                case "--install" -> {
                    command = "install";
                    if (i + 1 >= args.length) {
                        return usage("--install needs a folder");
                    }
                    dir = Path.of(args[++i]);
                }
                default -> {
                    return usage("unknown argument " + args[i]);
                }
            }
        }
        if (command == null) {
            return usage("say --check or --install DIR");
        }
        MnistStore store = new MnistStore(dataset, LessonConfig.current(), System.out::println);
        try {
            if (command.equals("check")) {
                boolean ok = store.cached();
                System.out.println(dataset + (ok ? ": cached and verified" : ": not (completely) in the cache"));
                return ok ? 0 : 1;
            }
            store.install(dir);
            return 0;
        } catch (MnistDataException e) {
            System.err.println("error: " + e.getMessage());
            return 3;
        }
    }

    private static int usage(String problem) {
        System.err.println("MnistSetup: " + problem + ". Usage: MnistSetup [--fashion] --check | --install DIR");
        return 2;
    }
}
