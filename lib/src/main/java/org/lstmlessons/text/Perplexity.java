package org.lstmlessons.text;

import java.util.Locale;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * How surprised a language model is by a text (lessons 5 and 6): the mean negative log-likelihood
 * per token, and its exponential, the perplexity, the number of equally likely tokens the model
 * hesitates between. DL4J's score sums the loss over time steps; this is the mean per token.
 *
 * @param nll    mean negative log-likelihood per token, in nats
 * @param tokens how many tokens were scored
 */
public record Perplexity(double nll, long tokens) {

    /** The perplexity, {@code exp(nll)}. */
    public double value() {
        return Math.exp(nll);
    }

    /** Bits per token, {@code nll / ln 2}: for characters, the bits a compressor built on the model would need. */
    public double bits() {
        return nll / Math.log(2);
    }

    /**
     * The network's perplexity on every minibatch of {@code data} (its softmax output's probability of
     * each true next token).
     */
    public static Perplexity of(MultiLayerNetwork net, DataSetIterator data) {
        data.reset();
        double sum = 0;
        long n = 0;
        while (data.hasNext()) {
            DataSet ds = data.next();
            INDArray probs = net.output(ds.getFeatures());          // [batch, vocabulary, steps]
            INDArray truth = probs.mul(ds.getLabels()).sum(1);      // [batch, steps]: p(true next token)
            sum -= Transforms.log(Transforms.max(truth, 1e-30, false), false).sumNumber().doubleValue();
            n += truth.length();
        }
        data.reset();
        if (n == 0) {
            throw new IllegalArgumentException("no minibatches to score");
        }
        return new Perplexity(sum / n, n);
    }

    /**
     * The baseline a model must beat: every token predicted from its frequency in the training text
     * alone, ignoring context. {@code p(w) = (count(w) + 1) / (N + V)} (one added to every count, so
     * that no token has probability 0).
     */
    public static Perplexity unigram(Vocabulary training, int[] ids) {
        long total = 0;
        for (int i = 0; i < training.size(); i++) {
            total += training.count(i);
        }
        double sum = 0;
        for (int id : ids) {
            sum -= Math.log((training.count(id) + 1.0) / (total + training.size()));
        }
        return new Perplexity(sum / ids.length, ids.length);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "perplexity %.2f (%.3f bits per token, %,d tokens)", value(), bits(), tokens);
    }
}
