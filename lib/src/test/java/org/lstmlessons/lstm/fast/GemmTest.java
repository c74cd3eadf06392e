package org.lstmlessons.lstm.fast;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class GemmTest {

    @ParameterizedTest(name = "A {0}{2}, B {1}{3}, C {4}, {5}")
    @CsvSource({"c,c,false,false,c,FLOAT", "f,c,true,false,f,FLOAT", "c,f,false,true,c,DOUBLE",
            "f,f,true,true,f,DOUBLE", "c,f,true,false,f,FLOAT"})
    void productOfViewsEqualsMmul(char orderA, char orderB, boolean transA, boolean transB, char orderC,
            DataType type) {
        Nd4j.getRandom().setSeed(1);
        // row blocks of bigger arrays, so that offsets and leading dimensions matter
        INDArray a = block(Nd4j.rand(type, 9, 7).dup(orderA), transA ? 7 : 5, transA ? 5 : 7);
        INDArray b = block(Nd4j.rand(type, 9, 7).dup(orderB), transB ? 3 : 7, transB ? 7 : 3);
        INDArray c = Nd4j.rand(type, 5, 3).dup(orderC);
        INDArray expected = (transA ? a.transpose() : a).mmul(transB ? b.transpose() : b).muli(2)
                .addi(c.mul(0.5));

        Gemm.mm(a, transA, b, transB, c, 2, 0.5);

        assertTrue(c.sub(expected).amaxNumber().doubleValue() < 1e-5, "got " + c + " expected " + expected);
    }

    private static INDArray block(INDArray x, int rows, int cols) {
        return x.get(NDArrayIndex.interval(1, 1 + rows), NDArrayIndex.interval(0, cols));
    }
}
