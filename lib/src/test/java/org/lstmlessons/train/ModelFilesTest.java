package org.lstmlessons.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlessons.data.MnistSet;

class ModelFilesTest {

    @TempDir
    Path dir;

    @Test
    void aSavedModelLoadsBackWithTheSameOutputsAndNoTempFileRemains() throws Exception {
        MnistSet data = TrainTestNets.digits(40);
        MultiLayerNetwork net = TrainTestNets.lstm(3);
        net.fit(data.dataSet());
        ModelFiles.Saved saved = ModelFiles.save(net, dir.resolve("models/m.zip"));
        assertTrue(saved.bytes() > 1000);
        assertEquals("m.zip (" + String.format("%,d", saved.bytes()) + " bytes)", saved.toString());
        MultiLayerNetwork back = ModelFiles.load(saved);
        assertEquals(net.output(data.features()), back.output(data.features()));
        assertEquals(Predictions.of(net, data).accuracy(), Predictions.of(back, data).accuracy(), 0.0);
        try (Stream<Path> files = Files.list(dir.resolve("models"))) {
            assertEquals(List.of(saved.file()), files.toList());
        }
    }

    @Test
    void loadingAMissingFileSaysSaveFirst() {
        Path missing = dir.resolve("none.zip");
        var e = assertThrows(ModelFileException.class, () -> ModelFiles.load(missing));
        assertTrue(e.getMessage().startsWith("No model at " + missing + "; save one first"), e.getMessage());
    }

    @Test
    void loadingSomethingElseNamesTheFile() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.zip"), "not a model");
        var e = assertThrows(ModelFileException.class, () -> ModelFiles.load(junk));
        assertTrue(e.getMessage().startsWith("Cannot load a DL4J model from " + junk), e.getMessage());
    }
}
