package org.lstmlessons.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class TextTrainerTest {

    static MultiLayerNetwork net(int vocabulary, double learningRate, int tbptt) {
        var list = new NeuralNetConfiguration.Builder().seed(5).updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new LSTM.Builder().nIn(vocabulary).nOut(12).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(12).nOut(vocabulary)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(vocabulary));
        if (tbptt > 0) {
            list.backpropType(BackpropType.TruncatedBPTT).tBPTTLength(tbptt);
        }
        MultiLayerNetwork n = new MultiLayerNetwork(list.build());
        n.init();
        return n;
    }

    static int[] text(int n, int vocabulary) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = (i * i + i / 3) % vocabulary;
        }
        return ids;
    }

    @Test
    void trainingPerplexityIsTheMeanPerTokenEvenWithTruncatedSegments() {
        // a uniform softmax that never learns (rate 0): every token costs ln 5, however DL4J sums it
        MultiLayerNetwork uniform = net(5, 0.0, 3);                // windows of 7 steps: segments 3, 3, 1
        uniform.getLayer(1).setParams(uniform.getLayer(1).params().mul(0));
        int[] ids = text(301, 5);
        PerplexityLog log = TextTrainer.of(uniform).evaluateEvery(2).validation(TextBatches.oneHot(ids, 5, 4, 7))
                .fit(TextBatches.oneHot(ids, 5, 4, 7).shuffled(1));
        assertEquals(1 + 10 / 2, log.points().size());             // before training, then every 2nd of 10 minibatches
        assertTrue(Double.isNaN(log.points().get(0).training()));
        for (PerplexityPoint p : log.points().subList(1, log.points().size())) {
            assertEquals(5.0, p.training(), 1e-4, p.toString());
            assertEquals(5.0, p.validation(), 1e-4, p.toString());
        }
        assertEquals(10, log.last().minibatch());
        assertEquals(10L * 4 * 7, log.last().tokens());
        assertEquals(5.0, Perplexity.after(uniform, TextBatches.oneHot(ids, 5, 4, 7), 3).value(), 1e-4);
    }

    @Test
    void validationPerplexityCarriesTheStateAcrossWindows() {
        MultiLayerNetwork n = net(4, 0.05, 0);
        int[] ids = text(4 * 30 + 1, 4);
        n.fit(TextBatches.oneHot(ids, 4, 4, 6));
        // windows of 6 steps read in order = each row read in one go (5 windows x 6 = 30 steps)
        Perplexity inWindows = Perplexity.of(n, TextBatches.oneHot(ids, 4, 4, 6));
        Perplexity inOneGo = Perplexity.of(n, TextBatches.oneHot(ids, 4, 4, 30));
        assertEquals(inOneGo.tokens(), inWindows.tokens());
        assertEquals(inOneGo.nll(), inWindows.nll(), 1e-5);
        // only the tokens after a 2: the same per-token losses as reading each row in one go, picked out
        Perplexity after2 = Perplexity.after(n, TextBatches.oneHot(ids, 4, 4, 6), 2);
        var whole = TextBatches.oneHot(ids, 4, 4, 30).next();
        var probs = n.output(whole.getFeatures());
        double nll = 0;
        long twos = 0;
        for (int r = 0; r < 4; r++) {
            for (int t = 0; t < 30; t++) {
                if (ids[r * 30 + t] == 2) {
                    nll -= Math.log(probs.getDouble(r, ids[r * 30 + t + 1], t));
                    twos++;
                }
            }
        }
        assertEquals(twos, after2.tokens());
        assertEquals(nll / twos, after2.nll(), 1e-5);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Perplexity.of(n, TextBatches.oneHot(ids, 4, 4, 6).shuffled(1)));
        assertTrue(e.getMessage().contains("in order"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Perplexity.after(n, TextBatches.oneHot(ids, 4, 4, 6), -1));
    }

    @Test
    void trainingLowersValidationPerplexityAndEveryRowIsShownLive() {
        int[] ids = text(2001, 6);
        List<String> lines = new ArrayList<>();
        int[] charts = {0};
        PerplexityLog log = TextTrainer.of(net(6, 0.03, 10)).epochs(3).evaluateEvery(10)
                .validation(TextBatches.oneHot(ids, 6, 8, 20)).baseline("frequencies", 6.0)
                .onChart(img -> charts[0]++).onProgress(lines::add)
                .fit(TextBatches.oneHot(ids, 6, 8, 20).shuffled(42));
        assertEquals(3 * 12, log.last().minibatch());               // 2000 / 8 = 250 per row: 12 windows of 20
        assertEquals(log.points().size(), charts[0]);
        assertEquals(log.points().size(), lines.size());
        assertTrue(lines.get(0).startsWith("starting: 3 epochs of 12 minibatches of 8 x 20 tokens"), lines.get(0));
        assertTrue(lines.get(lines.size() - 1).startsWith("done: 36 minibatches, 3 epochs in"), lines.get(lines.size() - 1));
        assertTrue(log.last().validation() < 0.8 * log.points().get(0).validation(), log.toString());
        assertEquals(List.of("training", "validation", "frequencies"), log.chart("t").seriesNames());
        assertEquals(log.points().size(), log.table().rowCount());
        assertThrows(IllegalStateException.class, () -> TextTrainer.of(net(6, 0.03, 0)).fit(TextBatches.oneHot(ids, 6, 8, 20)));
    }
}
