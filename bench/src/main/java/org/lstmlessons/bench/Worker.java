package org.lstmlessons.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.lstmlessons.data.Mnist;
import org.lstmlessons.lstm.fast.FastLSTM;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One benchmark configuration in its own JVM (ND4J and PyTorch read their thread count once, at
 * start). Started by {@link Bench}; reads commands on standard input, answers one line each on
 * standard output:
 * <pre>
 * round  -> RESULT train=&lt;samples/s&gt; infer=&lt;samples/s&gt; trainBatches=N inferBatches=N peakRssMb=M
 *           cores=&lt;CPU seconds per second while training&gt; natives=nd4j|torch|...
 * gemm   -> GEMM large=&lt;GFLOP/s&gt; step=&lt;GFLOP/s&gt;     (ND4J's SGEMM, this JVM's threads)
 * quit
 * </pre>
 * Arguments: {@code dl4j|fast|java|pytorch trainSeconds inferSeconds}.
 */
public final class Worker {

    private Worker() {
    }

    public static void main(String[] args) throws Exception {
        String impl = args[0];
        double trainSeconds = Double.parseDouble(args[1]);
        double inferSeconds = Double.parseDouble(args[2]);
        if (!impl.equals("pytorch")) {
            // the PyTorch worker never touches ND4J: no second native runtime and thread pool beside libtorch's
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        }
        Mnist mnist = Mnist.load();
        int trainBatches = 60;
        int testBatches = 20;
        try (Candidate c = switch (impl) {
            case "dl4j" -> new Dl4jCandidate(Lesson3Model.dl4j(false), mnist.train(), mnist.test(), trainBatches,
                    testBatches);
            case "fast" -> new Dl4jCandidate(Lesson3Model.fast(FastLSTM.Engine.ONEDNN), mnist.train(), mnist.test(),
                    trainBatches, testBatches);
            case "java" -> new Dl4jCandidate(Lesson3Model.fast(FastLSTM.Engine.JAVA), mnist.train(), mnist.test(),
                    trainBatches, testBatches);
            case "pytorch" -> new PyTorchCandidate(mnist.train(), mnist.test(), trainBatches, testBatches);
            default -> throw new IllegalArgumentException("unknown implementation " + impl + " (dl4j, fast, java, pytorch)");
        }) {
            System.out.println("READY");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            int trainAt = 0;
            int inferAt = 0;
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                if (line.equals("gemm")) {
                    System.out.printf(Locale.ROOT, "GEMM large=%.1f step=%.1f%n", gemmRate(1024, 1024, 1024),
                            gemmRate(Lesson3Model.BATCH, 4 * Lesson3Model.UNITS, Lesson3Model.UNITS));
                    continue;
                }
                long start = System.nanoTime();
                long cpuStart = processCpuNanos();
                int trained = 0;
                while (trained < 2 || System.nanoTime() - start < trainSeconds * 1e9) {
                    c.train(trainAt++);
                    trained++;
                }
                double trainRate = trained * (double) Lesson3Model.BATCH / ((System.nanoTime() - start) / 1e9);
                double trainCores = (processCpuNanos() - cpuStart) / (double) (System.nanoTime() - start);
                start = System.nanoTime();
                int inferred = 0;
                double sink = 0;
                while (inferred < 2 || System.nanoTime() - start < inferSeconds * 1e9) {
                    sink += c.infer(inferAt++);
                    inferred++;
                }
                double inferRate = inferred * (double) Lesson3Model.BATCH / ((System.nanoTime() - start) / 1e9);
                System.out.printf(Locale.ROOT, "RESULT train=%.1f infer=%.1f trainBatches=%d inferBatches=%d "
                        + "peakRssMb=%d cores=%.2f natives=%s sink=%.3f%n", trainRate, inferRate, trained, inferred,
                        peakRssMb(), trainCores, natives(), sink);
            }
        }
        System.exit(0);
    }

    /**
     * CPU time of the whole process (every thread, native ones included), ns: over a training round,
     * divided by its wall time, the cores the implementation really kept busy.
     */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** ND4J's single-precision GEMM into a preallocated result, best of 3 timed batches, GFLOP/s. */
    static double gemmRate(int m, int n, int k) {
        INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
        INDArray b = Nd4j.rand(DataType.FLOAT, k, n);
        INDArray c = Nd4j.create(DataType.FLOAT, m, n);
        long flops = 2L * m * n * k;
        int reps = (int) Math.max(3, 2e9 / flops);
        double best = 0;
        for (int round = 0; round < 4; round++) {
            long start = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            }
            double rate = flops * (double) reps / (System.nanoTime() - start);
            if (round > 0) {
                best = Math.max(best, rate);
            }
        }
        return best;
    }

    /**
     * Which of the two native runtimes this process has mapped (/proc/self/maps): "nd4j", "torch",
     * both joined by '+', or "none" ("?" where /proc is missing). The PyTorch worker must say "torch".
     */
    static String natives() {
        try {
            String maps = Files.readString(Path.of("/proc/self/maps"));
            boolean nd4j = maps.contains("libnd4jcpu") || maps.contains("libnd4jcuda");
            boolean torch = maps.contains("libtorch");
            return nd4j && torch ? "nd4j+torch" : nd4j ? "nd4j" : torch ? "torch" : "none";
        } catch (IOException e) {
            return "?";
        }
    }

    /** The process's peak resident memory (VmHWM), MB; -1 where /proc is missing. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
