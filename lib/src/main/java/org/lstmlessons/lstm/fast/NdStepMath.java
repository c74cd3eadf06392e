package org.lstmlessons.lstm.fast;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link StepMath} with ND4J operations, for any floating type (double in gradient checks). Exact
 * tanh/sigmoid, about 25 ND4J operations per step: the reference the float path is checked
 * against, not the fast path.
 */
final class NdStepMath extends StepMath {

    private final DataType type;
    private int batch;
    private int n;
    private int steps;
    private INDArray act;       // [steps * batch, 4n]
    private INDArray cell;      // [(steps + 1) * batch, n]
    private INDArray tanhCell;  // [steps * batch, n]
    private INDArray dcNext;    // [batch, n]
    private INDArray eps;       // [steps * batch, n] or null

    NdStepMath(DataType type) {
        this.type = type;
    }

    @Override
    void start(int batch, int steps, int n, INDArray c0) {
        this.batch = batch;
        this.steps = steps;
        this.n = n;
        if (act == null || act.size(0) != (long) steps * batch || act.size(1) != 4L * n) {
            act = Nd4j.create(type, (long) steps * batch, 4L * n);
            cell = Nd4j.create(type, (long) (steps + 1) * batch, n);
            tanhCell = Nd4j.create(type, (long) steps * batch, n);
            dcNext = Nd4j.create(type, batch, n);
        }
        if (c0 == null) {
            rows(cell, 0).assign(0);
        } else {
            rows(cell, 0).assign(c0);
        }
    }

    @Override
    void forward(int t, INDArray z, INDArray h) {
        INDArray a = rows(act, t);
        a.assign(z);
        Transforms.tanh(block(a, CANDIDATE), false);
        Transforms.sigmoid(block(a, KEEP), false);
        Transforms.sigmoid(block(a, OUTPUT), false);
        Transforms.sigmoid(block(a, INPUT), false);
        INDArray c = rows(cell, t + 1);
        c.assign(block(a, KEEP).mul(rows(cell, t))).addi(block(a, INPUT).mul(block(a, CANDIDATE)));
        INDArray tc = rows(tanhCell, t);
        tc.assign(Transforms.tanh(c, true));
        h.assign(block(a, OUTPUT).mul(tc));
    }

    @Override
    void lastCell(INDArray out) {
        out.assign(rows(cell, steps));
    }

    @Override
    void startBackward(INDArray epsArray) {
        dcNext.assign(0);
        eps = epsArray;
    }

    @Override
    void backward(int t, INDArray dhRec, INDArray dz) {
        INDArray dh = Nd4j.create(type, batch, n);
        if (eps != null) {
            dh.addi(rows(eps, t));
        }
        if (dhRec != null) {
            dh.addi(dhRec);
        }
        INDArray a = rows(act, t);
        INDArray g = block(a, CANDIDATE);
        INDArray f = block(a, KEEP);
        INDArray o = block(a, OUTPUT);
        INDArray i = block(a, INPUT);
        INDArray tc = rows(tanhCell, t);
        INDArray dc = dcNext.add(dh.mul(o).muli(tc.mul(tc).rsubi(1)));
        block(dz, CANDIDATE).assign(dc.mul(i).muli(g.mul(g).rsubi(1)));
        block(dz, KEEP).assign(dc.mul(rows(cell, t)).muli(f).muli(f.rsub(1)));
        block(dz, OUTPUT).assign(dh.mul(tc).muli(o).muli(o.rsub(1)));
        block(dz, INPUT).assign(dc.mul(g).muli(i).muli(i.rsub(1)));
        dcNext.assign(dc.muli(f));
    }

    /** Rows of step t of a time-major [steps * batch, width] array. */
    private INDArray rows(INDArray x, int t) {
        return x.get(interval((long) t * batch, (long) (t + 1) * batch), all());
    }

    /** One gate's block of a [batch, 4n] array. */
    private INDArray block(INDArray x, int gate) {
        return x.get(all(), interval((long) gate * n, (long) (gate + 1) * n));
    }
}
