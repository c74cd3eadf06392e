package org.lstmlessons.text;

import java.util.Locale;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
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
     * The network's perplexity on every minibatch of {@code data}, in order: its softmax output's
     * probability of each true next token. The recurrent state is carried from one window to the
     * next ({@code rnnTimeStep}), so that, as when the model reads a book, every token but the very
     * first of each row is predicted with the text before it in memory. The state is cleared before
     * and after.
     *
     * @throws IllegalArgumentException for shuffled batches, whose windows do not continue each other
     */
    public static Perplexity of(MultiLayerNetwork net, TextBatches data) {
        return score(net, data, -1);
    }

    /**
     * The network's perplexity on only those tokens of {@code data} that follow the token
     * {@code previous} (read in order, the state carried as in {@link #of}): how hard the word after
     * "the" is to guess, compared with the word after "of" (lesson 5).
     */
    public static Perplexity after(MultiLayerNetwork net, TextBatches data, int previous) {
        if (previous < 0) {
            throw new IllegalArgumentException("Perplexity.after needs a token index (0 or more), not " + previous);
        }
        return score(net, data, previous);
    }

    /** Every token ({@code previous < 0}) or only those after {@code previous}. */
    private static Perplexity score(MultiLayerNetwork net, TextBatches data, int previous) {
        if (data.isShuffled()) {
            throw new IllegalArgumentException("Perplexity needs the windows in order, so that the state carries from "
                    + "one to the next; score TextBatches made without shuffled(seed).");
        }
        data.reset();
        net.rnnClearPreviousState();
        double sum = 0;
        long n = 0;
        try {
            while (data.hasNext()) {
                DataSet ds = data.next();
                INDArray probs = net.rnnTimeStep(ds.getFeatures());     // [batch, vocabulary, steps]
                INDArray truth = probs.mul(ds.getLabels()).sum(1);      // [batch, steps]: p(true next token)
                INDArray logs = Transforms.log(Transforms.max(truth, 1e-30, false), false);
                if (previous < 0) {
                    sum -= logs.sumNumber().doubleValue();
                    n += truth.length();
                    continue;
                }
                INDArray read = ds.getFeatures().size(1) == 1            // the token read at each step
                        ? ds.getFeatures().reshape(truth.shape()) : ds.getFeatures().argMax(1);
                INDArray picked = read.eq(previous).castTo(logs.dataType());
                sum -= logs.mul(picked).sumNumber().doubleValue();
                n += Math.round(picked.sumNumber().doubleValue());
            }
        } finally {
            net.rnnClearPreviousState();
            data.reset();
        }
        if (n == 0) {
            throw new IllegalArgumentException(previous < 0 ? "no minibatches to score"
                    : "token " + previous + " never occurs in these batches");
        }
        return new Perplexity(sum / n, n);
    }

    /**
     * The baseline a model must beat: every token predicted from its frequency in the training text
     * alone, ignoring context. {@code p(w) = (count(w) + 1) / (N + V)}, counted over {@code training}
     * (one added to every count, so that no token has probability 0), scored on {@code ids}.
     *
     * @param training   the training text's token ids (the counts come from here only)
     * @param vocabulary how many distinct tokens there are ({@code V})
     * @param ids        the text to score, e.g. the validation text
     */
    public static Perplexity unigram(int[] training, int vocabulary, int[] ids) {
        long[] counts = new long[vocabulary];
        for (int id : training) {
            counts[id]++;
        }
        double sum = 0;
        for (int id : ids) {
            sum -= Math.log((counts[id] + 1.0) / (training.length + vocabulary));
        }
        return new Perplexity(sum / ids.length, ids.length);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "perplexity %.2f (%.3f bits per token, %,d tokens)", value(), bits(), tokens);
    }
}
