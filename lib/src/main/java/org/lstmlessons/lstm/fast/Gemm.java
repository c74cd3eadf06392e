package org.lstmlessons.lstm.fast;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasColMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.util.Arrays;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code C = alpha * op(A) op(B) + beta * C} straight into an existing array, through the same
 * OpenBLAS that ND4J uses, without an ND4J op around it: no allocation, no op dispatch
 * (an ND4J {@code mmul} costs several microseconds before any arithmetic starts, and the fast
 * LSTM calls GEMM 56 times per minibatch).
 *
 * <p>A, B and C are 2-D arrays or views of them whose rows or columns are contiguous (any 'c' or
 * 'f' array, and row/column blocks of one). FLOAT and DOUBLE only.
 */
final class Gemm {

    private Gemm() {
    }

    /**
     * One matrix product into {@code c}.
     *
     * @param a      {@code [m, k]}, or {@code [k, m]} when {@code transA}
     * @param b      {@code [k, n]}, or {@code [n, k]} when {@code transB}
     * @param c      {@code [m, n]}, overwritten (beta = 0) or accumulated into (beta = 1)
     */
    static void mm(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double alpha, double beta) {
        long m = c.size(0);
        long n = c.size(1);
        long k = transA ? a.size(0) : a.size(1);
        if ((transA ? a.size(1) : a.size(0)) != m || (transB ? b.size(1) : b.size(0)) != k
                || (transB ? b.size(0) : b.size(1)) != n) {
            throw new IllegalArgumentException("GEMM shapes do not fit: A" + Arrays.toString(a.shape())
                    + (transA ? "^T" : "") + " x B" + Arrays.toString(b.shape()) + (transB ? "^T" : "")
                    + " -> C" + Arrays.toString(c.shape()));
        }
        if (a.dataType() != c.dataType() || b.dataType() != c.dataType()) {
            throw new IllegalArgumentException("GEMM needs one data type, got " + a.dataType() + ", "
                    + b.dataType() + ", " + c.dataType());
        }
        // C decides the storage order cblas is told; A and B are described relative to it:
        // an operand stored in the other order is the transpose of what cblas reads.
        boolean cRowMajor = rowMajor(c);
        boolean aRowMajor = rowMajor(a);
        boolean bRowMajor = rowMajor(b);
        int order = cRowMajor ? CblasRowMajor : CblasColMajor;
        int opA = (transA ^ (aRowMajor != cRowMajor)) ? CblasTrans : CblasNoTrans;
        int opB = (transB ^ (bRowMajor != cRowMajor)) ? CblasTrans : CblasNoTrans;
        int lda = leading(a, aRowMajor);
        int ldb = leading(b, bRowMajor);
        int ldc = leading(c, cRowMajor);
        if (c.dataType() == DataType.FLOAT) {
            cblas_sgemm(order, opA, opB, (int) m, (int) n, (int) k, (float) alpha,
                    (FloatPointer) a.data().addressPointer(), lda, (FloatPointer) b.data().addressPointer(), ldb,
                    (float) beta, (FloatPointer) c.data().addressPointer(), ldc);
        } else if (c.dataType() == DataType.DOUBLE) {
            cblas_dgemm(order, opA, opB, (int) m, (int) n, (int) k, alpha,
                    (DoublePointer) a.data().addressPointer(), lda, (DoublePointer) b.data().addressPointer(), ldb,
                    beta, (DoublePointer) c.data().addressPointer(), ldc);
        } else {
            throw new IllegalArgumentException("GEMM supports FLOAT and DOUBLE, got " + c.dataType());
        }
    }

    /** Whether a 2-D array is stored row by row (else column by column); views of either kind qualify. */
    private static boolean rowMajor(INDArray x) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException("GEMM needs 2-D arrays, got shape " + Arrays.toString(x.shape()));
        }
        long rows = x.size(0);
        long cols = x.size(1);
        if ((cols == 1 || x.stride(1) == 1) && (rows == 1 || x.stride(0) >= cols)) {
            return true;
        }
        if ((rows == 1 || x.stride(0) == 1) && (cols == 1 || x.stride(1) >= rows)) {
            return false;
        }
        throw new IllegalArgumentException("GEMM needs rows or columns contiguous, got strides "
                + Arrays.toString(x.stride()) + " for shape " + Arrays.toString(x.shape()) + "; pass x.dup() instead");
    }

    /** The leading dimension cblas expects for x in its own storage order. */
    private static int leading(INDArray x, boolean rowMajor) {
        long rows = x.size(0);
        long cols = x.size(1);
        long ld = rowMajor ? (rows == 1 ? cols : x.stride(0)) : (cols == 1 ? rows : x.stride(1));
        return (int) Math.max(1, Math.max(ld, rowMajor ? cols : rows));
    }
}
