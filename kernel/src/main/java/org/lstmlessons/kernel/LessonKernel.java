package org.lstmlessons.kernel;

/**
 * The kernel the "Java (LSTM lessons)" spec starts: rapaio-jupyter-kernel, run through this class.
 */
public final class LessonKernel {

    private LessonKernel() {
    }

    public static void main(String[] args) throws Exception {
        org.rapaio.jupyter.kernel.MainApp.main(args);
    }
}
