package org.lstmlessons.lstm.fast;

import java.util.Arrays;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link StepMath} for float32 in plain Java arrays, with {@link FastMath}'s tanh/sigmoid.
 *
 * <p>Written for the JIT's auto-vectoriser (SIMD): every loop runs over whole arrays of
 * {@code batch * n} floats with the same index into each, one array per gate and per step. The JIT
 * vectorises a loop only when all its arrays are indexed alike and what it writes cannot overlap
 * what it reads, so the {@code [batch, 4n]} rows the matrix products produce are split into the
 * four gates with {@code System.arraycopy} first (and joined again on the way back). Native arrays
 * are read and written with one bulk copy per step.
 */
final class FloatStepMath extends StepMath {

    private int batch;
    private int n;
    private int steps;
    private float[] rows = new float[0];        // one step's [batch, 4n] (pre-activations, then dz)
    private final float[][] pre = new float[4][0]; // one step's pre-activations, per gate [batch, n]
    private float[][][] act = new float[4][0][]; // [gate][step][batch * n], gates at CANDIDATE, KEEP, OUTPUT, INPUT
    private float[][] cell = new float[0][];     // c_{-1} .. c_{T-1}, each [batch * n]
    private float[][] tanhCell = new float[0][]; // each [batch * n]
    private float[][] eps = new float[0][];      // dL/dh_t, each [batch * n]
    private float[] h = new float[0];            // one step's output, then one step's dh
    private float[] dcNext = new float[0];
    private final float[][] dz = new float[4][0]; // one step's dz, per gate
    private boolean hasEps;

    @Override
    void start(int batch, int steps, int n, INDArray c0) {
        this.batch = batch;
        this.steps = steps;
        this.n = n;
        int size = batch * n;
        rows = grow(rows, 4 * size);
        for (int g = 0; g < 4; g++) {
            pre[g] = grow(pre[g], size);
            dz[g] = grow(dz[g], size);
            act[g] = grow(act[g], steps, size);
        }
        cell = grow(cell, steps + 1, size);
        tanhCell = grow(tanhCell, steps, size);
        h = grow(h, size);
        dcNext = grow(dcNext, size);
        if (c0 == null) {
            Arrays.fill(cell[0], 0, size, 0f);
        } else {
            read(c0, cell[0], size);
        }
    }

    @Override
    void forward(int t, INDArray z, INDArray hOut) {
        final int size = batch * n;
        read(z, rows, 4 * size);
        splitGates(rows, pre);
        final float[] g = act[CANDIDATE][t];
        final float[] f = act[KEEP][t];
        final float[] o = act[OUTPUT][t];
        final float[] i = act[INPUT][t];
        tanh(pre[CANDIDATE], g, size);
        sigmoid(pre[KEEP], f, size);
        sigmoid(pre[OUTPUT], o, size);
        sigmoid(pre[INPUT], i, size);
        cell(g, f, o, i, cell[t], cell[t + 1], tanhCell[t], h, size);
        write(h, hOut, size);
    }

    @Override
    void lastCell(INDArray out) {
        write(cell[steps], out, batch * n);
    }

    @Override
    void startBackward(INDArray epsArray) {
        final int size = batch * n;
        Arrays.fill(dcNext, 0, size, 0f);
        hasEps = epsArray != null;
        if (hasEps) {
            eps = grow(eps, steps, size);
            FloatPointer all = new FloatPointer(epsArray.data().addressPointer());
            for (int t = 0; t < steps; t++) {
                all.position((long) t * size).get(eps[t], 0, size);
            }
        }
    }

    @Override
    void backward(int t, INDArray dhRec, INDArray dzOut) {
        final int size = batch * n;
        final float[] dh = h;
        if (dhRec != null) {
            read(dhRec, dh, size);
            if (hasEps) {
                final float[] e = eps[t];
                for (int j = 0; j < size; j++) {
                    dh[j] += e[j];
                }
            }
        } else if (hasEps) {
            System.arraycopy(eps[t], 0, dh, 0, size);
        } else {
            Arrays.fill(dh, 0, size, 0f);
        }
        final float[] g = act[CANDIDATE][t];
        final float[] f = act[KEEP][t];
        final float[] o = act[OUTPUT][t];
        final float[] i = act[INPUT][t];
        final float[] tc = tanhCell[t];
        final float[] dc = dcNext;
        for (int j = 0; j < size; j++) {
            dc[j] += dh[j] * o[j] * (1f - tc[j] * tc[j]);
        }
        final float[] dzo = dz[OUTPUT];
        for (int j = 0; j < size; j++) {
            dzo[j] = dh[j] * tc[j] * o[j] * (1f - o[j]);
        }
        final float[] dzg = dz[CANDIDATE];
        for (int j = 0; j < size; j++) {
            dzg[j] = dc[j] * i[j] * (1f - g[j] * g[j]);
        }
        final float[] dzf = dz[KEEP];
        final float[] cPrev = cell[t];
        for (int j = 0; j < size; j++) {
            dzf[j] = dc[j] * cPrev[j] * f[j] * (1f - f[j]);
        }
        final float[] dzi = dz[INPUT];
        for (int j = 0; j < size; j++) {
            dzi[j] = dc[j] * g[j] * i[j] * (1f - i[j]);
        }
        for (int j = 0; j < size; j++) {
            dc[j] *= f[j];
        }
        joinGates(dz, rows);
        write(rows, dzOut, 4 * size);
    }

    // Each loop below writes one array: the JIT (JDK 17) vectorises these, but not one fused loop
    // that writes seven (measured: 4x slower).

    private static void tanh(float[] x, float[] y, int size) {
        for (int j = 0; j < size; j++) {
            y[j] = FastMath.tanh(x[j]);
        }
    }

    private static void sigmoid(float[] x, float[] y, int size) {
        for (int j = 0; j < size; j++) {
            y[j] = FastMath.sigmoid(x[j]);
        }
    }

    /** c = f c_prev + i g, tc = tanh(c), h = o tc. */
    private static void cell(float[] g, float[] f, float[] o, float[] i, float[] cPrev, float[] c, float[] tc,
            float[] h, int size) {
        for (int j = 0; j < size; j++) {
            c[j] = f[j] * cPrev[j] + i[j] * g[j];
        }
        tanh(c, tc, size);
        for (int j = 0; j < size; j++) {
            h[j] = o[j] * tc[j];
        }
    }

    /** [batch, 4n] rows -> four [batch, n] arrays. */
    private void splitGates(float[] from, float[][] to) {
        for (int b = 0; b < batch; b++) {
            for (int g = 0; g < 4; g++) {
                System.arraycopy(from, (4 * b + g) * n, to[g], b * n, n);
            }
        }
    }

    /** Four [batch, n] arrays -> [batch, 4n] rows. */
    private void joinGates(float[][] from, float[] to) {
        for (int b = 0; b < batch; b++) {
            for (int g = 0; g < 4; g++) {
                System.arraycopy(from[g], b * n, to, (4 * b + g) * n, n);
            }
        }
    }

    private static float[] grow(float[] a, int size) {
        return a.length >= size ? a : new float[size];
    }

    private static float[][] grow(float[][] a, int count, int size) {
        float[][] out = a.length >= count ? a : Arrays.copyOf(a, count);
        for (int i = 0; i < count; i++) {
            out[i] = out[i] == null ? new float[size] : grow(out[i], size);
        }
        return out;
    }

    /** Copies the first {@code length} elements of a contiguous native array into {@code dst}. */
    private static void read(INDArray src, float[] dst, int length) {
        ((FloatPointer) src.data().addressPointer()).get(dst, 0, length);
    }

    private static void write(float[] src, INDArray dst, int length) {
        ((FloatPointer) dst.data().addressPointer()).put(src, 0, length);
    }
}
