package org.lstmlessons.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lstmlessons.LessonConfig;

/**
 * Command line for {@code ./lessons data} and the Docker build: the same {@link DataStore} the
 * lessons use, so there is one way in.
 *
 * <pre>
 * java -cp LIB_CLASSPATH org.lstmlessons.data.DataCli fetch [ID...]   # put the data sets into the cache, verified
 * java -cp LIB_CLASSPATH org.lstmlessons.data.DataCli check [ID...]   # exit 0 if they are there and verified
 * </pre>
 * IDs: {@code mnist}, {@code moby-dick} (the default: what the lessons read) and {@code fashion-mnist}.
 * Exit codes: 0 done, 1 not cached (check), 2 bad usage, 3 a data set failed (the message says why).
 */
public final class DataCli {

    /** Every data set by its id, in the order {@code ./lessons data} lists them. */
    public static final Map<String, DataSet> DATA_SETS = new LinkedHashMap<>();
    /** What {@code ./lessons data} fetches when given no id: what the lessons read. */
    public static final List<String> DEFAULT = List.of("mnist", "moby-dick");

    static {
        for (DataSet d : List.of(MnistDataset.MNIST.dataSet(), TextCorpus.MOBY_DICK.dataSet(),
                MnistDataset.FASHION_MNIST.dataSet())) {
            DATA_SETS.put(d.id(), d);
        }
    }

    private DataCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, LessonConfig.current()));
    }

    static int run(String[] args, LessonConfig config) {
        return run(args, config, DATA_SETS);
    }

    /** {@link #run(String[], LessonConfig)} over the given data sets (by id), for tests. */
    static int run(String[] args, LessonConfig config, Map<String, DataSet> known) {
        if (args.length == 0 || !List.of("fetch", "check").contains(args[0])) {
            return usage("say fetch or check");
        }
        List<DataSet> chosen = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            DataSet d = known.get(args[i]);
            if (d == null) {
                return usage("unknown data set " + args[i]);
            }
            chosen.add(d);
        }
        if (chosen.isEmpty()) {
            DEFAULT.forEach(id -> chosen.add(known.get(id)));
        }
        int result = 0;
        for (DataSet d : chosen) {
            DataStore store = new DataStore(d, config, System.out::println);
            try {
                if (d.userFolder(config).isPresent()) {
                    // the lessons read only that folder: check it, and say so
                    d.files().forEach(store::find);
                    System.out.println(d + ": " + d.userDirSetting() + " is set, so the lessons read only that folder"
                            + " (not the cache); its " + d.files().size() + " file(s) are there and readable."
                            + " Unset it to use the cache.");
                } else if (store.inSystemFolder()) {
                    // installed by a system package: the lessons read it there, so no copy in the cache
                    System.out.println(d + ": in the system folder (" + d.systemDirs().get(0) + "), verified");
                } else if (args[0].equals("check")) {
                    boolean ok = store.cached();
                    System.out.println(d + (ok ? ": in the cache, verified" : ": not (completely) in the cache"));
                    result = Math.max(result, ok ? 0 : 1);
                } else {
                    System.out.println(store.fill());
                }
            } catch (DataException e) {
                System.err.println("error: " + e.getMessage());
                result = 3;
            }
        }
        return result;
    }

    private static int usage(String problem) {
        System.err.println("DataCli: " + problem + ". Usage: DataCli fetch|check [" + String.join("|", DATA_SETS.keySet())
                + "]...");
        return 2;
    }
}
