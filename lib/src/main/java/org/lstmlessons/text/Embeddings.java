package org.lstmlessons.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * What a word model learned about words (lesson 5): its embedding table {@code [vocabulary, width]},
 * row {@code i} the vector of word {@code i}. Words used in similar contexts end up with vectors
 * that point in similar directions.
 */
public final class Embeddings {

    /**
     * A word close to another one.
     *
     * @param id     its index in the vocabulary
     * @param cosine the cosine of the angle between the two vectors (1: same direction)
     */
    public record Neighbour(int id, double cosine) {
    }

    private final INDArray table;
    private final INDArray unit;

    private Embeddings(INDArray table) {
        if (table.rank() != 2) {
            throw new IllegalArgumentException("an embedding table is [vocabulary, width]; got shape "
                    + java.util.Arrays.toString(table.shape()));
        }
        this.table = table.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        INDArray norms = this.table.norm2(1).reshape(this.table.rows(), 1);
        this.unit = this.table.div(Transforms.max(norms, 1e-300, true));       // every row scaled to length 1 (a zero row stays 0)
    }

    /** The table {@code [vocabulary, width]}, e.g. {@code net.getLayer(0).getParam("W")} of an embedding layer. */
    public static Embeddings of(INDArray table) {
        return new Embeddings(table);
    }

    /** The cosine similarity of the vectors of words {@code a} and {@code b}. */
    public double cosine(int a, int b) {
        return unit.getRow(a).mul(unit.getRow(b)).sumNumber().doubleValue();
    }

    /** The {@code k} words whose vectors are closest in direction to word {@code id}'s (itself excluded). */
    public Neighbour[] nearest(int id, int k) {
        double[] cosines = unit.mmul(unit.getRow(id).reshape(unit.columns(), 1)).toDoubleVector();   // all at once
        return IntStream.range(0, cosines.length).filter(i -> i != id)
                .mapToObj(i -> new Neighbour(i, cosines[i]))
                .sorted(Comparator.comparingDouble(Neighbour::cosine).reversed().thenComparing(Neighbour::id))
                .limit(k).toArray(Neighbour[]::new);
    }

    /**
     * For each of {@code words}, its {@code k} nearest words with their cosines, as a table: columns
     * "word" and "nearest (cosine)" (lesson 5).
     */
    public Table neighbourTable(String title, Vocabulary vocabulary, int k, String... words) {
        List<String> near = new ArrayList<>();
        for (String w : words) {
            int id = vocabulary.index(w);
            if (id == 0 && !Vocabulary.UNKNOWN.equals(w)) {
                throw new IllegalArgumentException("'" + w + "' is not in the vocabulary of " + vocabulary.size()
                        + " words; pick one of its words (vocabulary.symbol(i)).");
            }
            StringBuilder sb = new StringBuilder();
            for (Neighbour n : nearest(id, k)) {
                sb.append(sb.length() == 0 ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%s %.2f", vocabulary.symbol(n.id()), n.cosine()));
            }
            near.add(sb.toString());
        }
        return Table.create(title, StringColumn.create("word", words), StringColumn.create("nearest (cosine)", near));
    }

    /**
     * Rows {@code first .. first + n - 1} projected onto their first two principal components (the two
     * directions along which those vectors differ most): {@code [n, 2]}. The components are the
     * eigenvectors of the rows' covariance matrix with the largest eigenvalues (ND4J's symmetric
     * eigen-solver); each one's sign is fixed so that its largest coordinate is positive, which makes
     * the picture the same on every run.
     */
    public double[][] project2d(int first, int n) {
        Pca pca = pca(first, n);
        double[][] out = new double[n][2];
        for (int c = 0; c < 2; c++) {
            double[] col = pca.projected().getColumn(c).toDoubleVector();
            int far = 0;
            for (int i = 1; i < n; i++) {
                if (Math.abs(col[i]) > Math.abs(col[far]) + 1e-12) {
                    far = i;
                }
            }
            double sign = col[far] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) {
                out[i][c] = sign * col[i];
            }
        }
        return out;
    }

    /**
     * The share of the variance of rows {@code first .. first + n - 1} that each of the first two
     * principal components explains: how much of the spread {@link #project2d} keeps.
     */
    public double[] explainedVariance(int first, int n) {
        Pca pca = pca(first, n);
        return new double[] {pca.top()[0] / pca.total(), pca.top()[1] / pca.total()};
    }

    private record Pca(INDArray projected, double[] top, double total) {
    }

    private Pca pca(int first, int n) {
        if (n < 3 || first < 0 || first + n > table.rows()) {
            throw new IllegalArgumentException("project at least 3 of the " + table.rows() + " rows; got rows " + first
                    + " .. " + (first + n - 1));
        }
        INDArray rows = table.get(NDArrayIndex.interval(first, first + n), NDArrayIndex.all()).dup();
        INDArray centred = rows.subRowVector(rows.mean(0));
        INDArray cov = centred.transpose().mmul(centred).divi(n - 1);        // [width, width]
        double total = 0;
        for (int i = 0; i < cov.rows(); i++) {
            total += cov.getDouble(i, i);
        }
        INDArray vectors = cov.dup();
        INDArray values = Eigen.symmetricGeneralizedEigenvalues(vectors, true);   // ascending; vectors in columns
        int w = (int) values.length();
        INDArray basis = org.nd4j.linalg.factory.Nd4j.hstack(vectors.getColumn(w - 1).reshape(w, 1),
                vectors.getColumn(w - 2).reshape(w, 1));
        return new Pca(centred.mmul(basis), new double[] {values.getDouble(w - 1), values.getDouble(w - 2)}, total);
    }
}
