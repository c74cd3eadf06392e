package org.lstmlessons.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.lstmlessons.LessonConfig;

/**
 * Saves a trained DL4J network to a file and loads it back. Saving writes a temporary file next to
 * the target, restores the network from it and compares the parameters, and only then renames it:
 * {@code file} is either absent or a complete, loadable model. Lesson 3 saves its LSTM this way.
 */
public final class ModelFiles {

    private ModelFiles() {
    }

    /**
     * A saved model.
     *
     * @param file  where it is (do not print it in a notebook: it is a local path)
     * @param bytes its size
     */
    public record Saved(Path file, long bytes) {

        /** File name and size, no folder: safe to show in a notebook. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s (%,d bytes)", file.getFileName(), bytes);
        }
    }

    /**
     * Saves into the lessons' cache folder: {@code <cache>/models/<name>.zip} (the cache is
     * {@code ~/.cache/lstm-lessons} unless {@code LSTM_LESSONS_CACHE} says otherwise).
     */
    public static Saved save(MultiLayerNetwork net, String name) {
        return save(net, LessonConfig.current().cacheDir().resolve("models").resolve(name + ".zip"));
    }

    /**
     * Saves {@code net} (configuration, parameters and updater state, so training can go on) to
     * {@code file}, atomically.
     *
     * @throws ModelFileException naming the file if it cannot be written or does not read back the same
     */
    public static Saved save(MultiLayerNetwork net, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            ModelSerializer.writeModel(net, tmp.toFile(), true);
            MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(tmp.toFile(), true);
            if (!back.params().equals(net.params())) {
                throw new ModelFileException("The model written to " + tmp + " does not read back with the same parameters;"
                        + " the disk may be full. Nothing was saved to " + file + ".");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Saved(file, Files.size(file));
        } catch (IOException e) {
            throw new ModelFileException("Cannot save the model to " + file + ": " + e + ". Check that the folder is"
                    + " writable and the disk has space.", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort; the name starts with a dot and ends with .tmp
                }
            }
        }
    }

    /** Loads a model saved by {@link #save}. */
    public static MultiLayerNetwork load(Saved saved) {
        return load(saved.file());
    }

    /**
     * Loads a DL4J network from {@code file}.
     *
     * @throws ModelFileException naming the file if it is missing or not a DL4J model
     */
    public static MultiLayerNetwork load(Path file) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new ModelFileException("No model at " + file + "; save one first with ModelFiles.save(net, file).", e);
        } catch (IOException | RuntimeException e) {
            throw new ModelFileException("Cannot load a DL4J model from " + file + " (" + e + "); is it a file written by"
                    + " ModelFiles.save or ModelSerializer.writeModel? Save the model again.", e);
        }
    }
}
