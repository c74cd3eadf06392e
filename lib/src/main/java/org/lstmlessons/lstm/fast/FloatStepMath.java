package org.lstmlessons.lstm.fast;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link StepMath} for float32 in plain Java arrays: the activations of all steps stay on the
 * Java heap, each step is a few loops the JIT vectorises, with {@link FastMath}'s tanh/sigmoid.
 * Native arrays are read and written with one bulk copy per step.
 */
final class FloatStepMath extends StepMath {

    private int batch;
    private int n;
    private float[] bias = new float[0];
    private float[] z = new float[0];      // one step's pre-activations [batch, 4n]
    private float[] act = new float[0];    // every step's activations [steps, batch, 4n]
    private float[] cell = new float[0];   // c_{-1} .. c_{T-1}: [steps + 1, batch, n]
    private float[] tanhCell = new float[0]; // [steps, batch, n]
    private float[] h = new float[0];      // one step's output, then one step's dh [batch, n]
    private float[] dcNext = new float[0]; // [batch, n]
    private float[] eps = new float[0];    // [steps, batch, n]
    private boolean hasEps;
    private int steps;

    @Override
    void start(int batch, int steps, int n, INDArray biasArray, INDArray c0) {
        this.batch = batch;
        this.steps = steps;
        this.n = n;
        int gates = batch * 4 * n;
        int states = batch * n;
        bias = grow(bias, 4 * n);
        z = grow(z, gates);
        act = grow(act, steps * gates);
        cell = grow(cell, (steps + 1) * states);
        tanhCell = grow(tanhCell, steps * states);
        h = grow(h, states);
        dcNext = grow(dcNext, states);
        read(biasArray, bias, 0, 4 * n);
        if (c0 == null) {
            java.util.Arrays.fill(cell, 0, states, 0f);
        } else {
            read(c0, cell, 0, states);
        }
    }

    @Override
    void forward(int t, INDArray zArray, INDArray hArray) {
        final int n = this.n;
        final int width = 4 * n;
        read(zArray, z, 0, batch * width);
        final float[] z = this.z;
        final float[] a = act;
        final float[] b = bias;
        final float[] c = cell;
        final float[] tc = tanhCell;
        final float[] out = h;
        for (int row = 0; row < batch; row++) {
            final int zo = row * width;
            final int ao = (t * batch + row) * width;
            for (int k = 0; k < n; k++) {
                a[ao + k] = FastMath.tanh(z[zo + k] + b[k]);
            }
            for (int k = n; k < width; k++) {
                a[ao + k] = FastMath.sigmoid(z[zo + k] + b[k]);
            }
            final int so = row * n;
            final int prev = t * batch * n + so;
            final int next = prev + batch * n;
            for (int k = 0; k < n; k++) {
                float cv = a[ao + n + k] * c[prev + k] + a[ao + 3 * n + k] * a[ao + k];
                c[next + k] = cv;
                float tcv = FastMath.tanh(cv);
                tc[prev + k] = tcv;
                out[so + k] = a[ao + 2 * n + k] * tcv;
            }
        }
        write(out, hArray, batch * n);
    }

    @Override
    void lastCell(INDArray out) {
        write(java.util.Arrays.copyOfRange(cell, steps * batch * n, (steps + 1) * batch * n), out, batch * n);
    }

    @Override
    void startBackward(INDArray epsArray) {
        java.util.Arrays.fill(dcNext, 0, batch * n, 0f);
        hasEps = epsArray != null;
        if (hasEps) {
            eps = grow(eps, steps * batch * n);
            read(epsArray, eps, 0, steps * batch * n);
        }
    }

    @Override
    void backward(int t, INDArray dhRec, INDArray dzArray) {
        final int n = this.n;
        final int width = 4 * n;
        final int states = batch * n;
        final float[] dh = h;
        if (dhRec != null) {
            read(dhRec, dh, 0, states);
            if (hasEps) {
                final float[] e = eps;
                final int eo = t * states;
                for (int s = 0; s < states; s++) {
                    dh[s] += e[eo + s];
                }
            }
        } else if (hasEps) {
            System.arraycopy(eps, t * states, dh, 0, states);
        } else {
            java.util.Arrays.fill(dh, 0, states, 0f);
        }
        final float[] a = act;
        final float[] c = cell;
        final float[] tc = tanhCell;
        final float[] dc = dcNext;
        final float[] dz = z;
        for (int row = 0; row < batch; row++) {
            final int ao = (t * batch + row) * width;
            final int zo = row * width;
            final int so = row * n;
            final int cs = t * states + so;
            for (int k = 0; k < n; k++) {
                float g = a[ao + k];
                float f = a[ao + n + k];
                float o = a[ao + 2 * n + k];
                float i = a[ao + 3 * n + k];
                float tcv = tc[cs + k];
                float dhv = dh[so + k];
                float dcv = dc[so + k] + dhv * o * (1f - tcv * tcv);
                dz[zo + k] = dcv * i * (1f - g * g);
                dz[zo + n + k] = dcv * c[cs + k] * f * (1f - f);
                dz[zo + 2 * n + k] = dhv * tcv * o * (1f - o);
                dz[zo + 3 * n + k] = dcv * g * i * (1f - i);
                dc[so + k] = dcv * f;
            }
        }
        write(dz, dzArray, batch * width);
    }

    private static float[] grow(float[] a, int size) {
        return a.length >= size ? a : new float[size];
    }

    /** Copies the first {@code length} elements of a contiguous native array into {@code dst}. */
    private static void read(INDArray src, float[] dst, int offset, int length) {
        ((FloatPointer) src.data().addressPointer()).get(dst, offset, length);
    }

    private static void write(float[] src, INDArray dst, int length) {
        ((FloatPointer) dst.data().addressPointer()).put(src, 0, length);
    }
}
