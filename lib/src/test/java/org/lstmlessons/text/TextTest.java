package org.lstmlessons.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class TextTest {

    @Test
    void tokensAreLowerCaseWordsNumbersAndSentencePunctuation() {
        assertEquals(List.of("call", "me", "ishmael", ".", "some", "years", "ago", "never"),
                Tokens.words("Call me Ishmael. Some years ago—never"));
        assertEquals(List.of("the", "whale's", "sperm-whale", ",", "1851", "!", "\""),
                Tokens.words("The whale’s SPERM-WHALE, 1851! \"  (*)"));
        assertEquals("call me ishmael. some years ago", Tokens.join(List.of("call", "me", "ishmael", ".", "some", "years", "ago")));
    }

    @Test
    void aWordVocabularyKeepsTheMostFrequentWordsAndCountsWhatUnknownReplaces() {
        List<String> words = Tokens.words("the whale the sea the whale a ship");
        Vocabulary v = Vocabulary.ofWords(words, 3);
        assertEquals(3, v.size());
        assertEquals(List.of(Vocabulary.UNKNOWN, "the", "whale"), v.decode(new int[] {0, 1, 2}));
        assertEquals(3, v.count(1));
        assertEquals(2, v.count(2));
        assertEquals(3, v.count(0)); // sea, a, ship
        int[] ids = v.encode(Tokens.words("the white whale"));
        assertArrayEquals(new int[] {1, 0, 2}, ids);
        assertEquals(1.0 / 3, v.unknownShare(ids), 1e-12);
    }

    @Test
    void theFrequencyTableListsTheMostFrequentSymbolsVisibly() {
        Vocabulary v = Vocabulary.ofChars("aa b\n");
        var t = v.frequencyTable("characters", 3);
        assertEquals(3, t.rowCount());
        assertEquals("a", t.stringColumn("symbol").get(0));
        assertEquals(2, t.longColumn("count").get(0));
        assertEquals(0.4, t.doubleColumn("share").get(0), 1e-12);
        assertEquals("\u00b6", t.stringColumn("symbol").get(1));     // ties: lower index first ("\n" < " ")
        assertEquals("\u2423", t.stringColumn("symbol").get(2));
    }

    @Test
    void aCharacterVocabularyHasEveryCharacterAndRejectsOthersClearly() {
        Vocabulary v = Vocabulary.ofChars("abca\n");
        assertEquals(4, v.size());
        assertEquals(List.of("\n", "a", "b", "c"), v.decode(new int[] {0, 1, 2, 3}));
        assertArrayEquals(new int[] {3, 1, 0}, v.encodeChars("ca\n"));
        var e = assertThrows(IllegalArgumentException.class, () -> v.index("z"));
        assertTrue(e.getMessage().startsWith("'z' is not in this character vocabulary of 4 symbols"), e.getMessage());
    }

    @Test
    void batchesAreContiguousRowsAndTheLabelIsTheNextToken() {
        int[] ids = new int[41];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % 7;
        }
        TextBatches b = TextBatches.oneHot(ids, 7, 2, 5);
        assertEquals(4, b.windows()); // rows of 20 tokens, windows of 5
        assertEquals(40, b.tokens());
        DataSet first = b.next();
        assertArrayEquals(new long[] {2, 7, 5}, first.getFeatures().shape());
        assertArrayEquals(new long[] {2, 7, 5}, first.getLabels().shape());
        // row 1 starts at token 20; step 3 reads token 23 and is labelled with token 24
        assertEquals(1.0, first.getFeatures().getDouble(1, 23 % 7, 3));
        assertEquals(1.0, first.getLabels().getDouble(1, 24 % 7, 3));
        DataSet second = b.next(); // continues each row where the first stopped
        assertEquals(1.0, second.getFeatures().getDouble(0, 5 % 7, 0));
        TextBatches words = TextBatches.indices(ids, 7, 2, 5);
        DataSet w = words.next();
        assertArrayEquals(new long[] {2, 1, 5}, w.getFeatures().shape());
        assertEquals(23 % 7, w.getFeatures().getDouble(1, 0, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> TextBatches.oneHot(new int[10], 3, 4, 5));
        assertTrue(e.getMessage().startsWith("10 tokens are too few for 4 rows of 5 steps"), e.getMessage());
    }

    @Test
    void temperatureSharpensOrFlattensAndDrawsFollowTheDistribution() {
        double[] p = {0.5, 0.3, 0.2};
        assertArrayEquals(p, Sampler.withTemperature(p, 1.0), 1e-12);
        double[] cold = Sampler.withTemperature(p, 0.5); // p^2, normalised
        assertEquals(0.25 / 0.38, cold[0], 1e-12);
        double[] hot = Sampler.withTemperature(p, 1000);
        assertEquals(1.0 / 3, hot[2], 1e-3);
        assertArrayEquals(new int[] {0, 1}, Sampler.top(p, 2));
        Random rng = new Random(1);
        int[] counts = new int[3];
        for (int i = 0; i < 100_000; i++) {
            counts[Sampler.draw(p, rng)]++;
        }
        assertEquals(0.3, counts[1] / 100_000.0, 0.01);
        assertThrows(IllegalArgumentException.class, () -> Sampler.withTemperature(p, 0));
        var table = Sampler.temperatureTable("next", Vocabulary.ofChars("ab"), new double[] {0.25, 0.75}, 2, 0.5, 1.0);
        assertEquals(List.of("symbol", "T = 0.5", "T = 1.0"), table.columnNames());
        assertEquals("b", table.stringColumn("symbol").get(0));
        assertEquals(0.9, table.doubleColumn("T = 0.5").get(0), 1e-12);    // 0.75^2 / (0.75^2 + 0.25^2)
        assertEquals(0.75, table.doubleColumn("T = 1.0").get(0), 1e-12);
    }

    @Test
    void theUnigramBaselineIsTheFrequencyPerplexity() {
        Vocabulary v = Vocabulary.ofChars("abc");
        // training "aab": counts a=2, b=1, c=0; add-one over 3 symbols: p(a) = 3/6, p(b) = 2/6, p(c) = 1/6
        Perplexity base = Perplexity.unigram(v.encodeChars("aab"), v.size(), v.encodeChars("abc"));
        assertEquals(Math.exp(-(Math.log(0.5) + Math.log(2 / 6.0) + Math.log(1 / 6.0)) / 3), base.value(), 1e-12);
        assertEquals(3, base.tokens());
    }

    static MultiLayerNetwork charNet(int vocabulary, long seed) {
        var conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(0.05)).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new LSTM.Builder().nIn(vocabulary).nOut(16).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(vocabulary)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(vocabulary)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void anUntrainedUniformModelHasPerplexityEqualToTheVocabularySize() {
        MultiLayerNetwork net = charNet(5, 1);
        net.getLayer(1).setParams(net.getLayer(1).params().mul(0)); // softmax of zeros: uniform
        int[] ids = new int[101];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 3) % 5;
        }
        Perplexity p = Perplexity.of(net, TextBatches.oneHot(ids, 5, 4, 5));
        assertEquals(5.0, p.value(), 1e-4);
        assertEquals(100, p.tokens());
    }

    @Test
    void aTrainedModelPredictsARepeatingTextAndGeneratesItDeterministically() {
        Vocabulary v = Vocabulary.ofChars("abc");
        int[] ids = v.encodeChars("abc".repeat(200));
        MultiLayerNetwork net = charNet(v.size(), 7);
        TextBatches batches = TextBatches.oneHot(ids, v.size(), 4, 20).shuffled(3);
        for (int epoch = 0; epoch < 15; epoch++) {
            net.fit(batches);
        }
        Perplexity p = Perplexity.of(net, TextBatches.oneHot(ids, v.size(), 4, 20));
        assertTrue(p.value() < 1.2, p.toString());
        int[] out = Sampler.generate(net, v.size(), v.encodeChars("ab"), 6, 0.5, true, 42);
        assertEquals("cabcab", String.join("", v.decode(out)));
        assertArrayEquals(out, Sampler.generate(net, v.size(), v.encodeChars("ab"), 6, 0.5, true, 42));
        double[] next = Sampler.nextAfter(net, v.size(), v.encodeChars("abca"), true);
        assertEquals(v.index("b"), Sampler.top(next, 1)[0]);
    }

    @Test
    void aWordModelReadsIndicesThroughAnEmbedding() {
        int vocabulary = 6;
        var conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(0.05)).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(4).build())
                .layer(new LSTM.Builder().nIn(4).nOut(8).activation(Activation.TANH).build())
                // without NCW the output layer expects another layout: "Sequence lengths do not match"
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(vocabulary)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        int[] ids = new int[61];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % vocabulary;
        }
        TextBatches b = TextBatches.indices(ids, vocabulary, 3, 10);
        net.fit(b);
        Perplexity p = Perplexity.of(net, b);
        assertEquals(60, p.tokens());
        assertTrue(p.value() > 1 && p.value() < 2 * vocabulary, p.toString());
        assertEquals(3, Sampler.generate(net, vocabulary, new int[] {0, 1}, 3, 1.0, false, 5).length);
    }
}
