package org.lstmlessons;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one line every lesson starts with: {@code Lessons.seed(42);}.
 *
 * <p>It fixes ND4J's random generator and the default floating point type, so a notebook prints
 * the same numbers on every run. DL4J networks take their own seed in their configuration
 * ({@code .seed(42)}); this covers everything else drawn from {@code Nd4j.rand*}.
 */
public final class Lessons {

    private Lessons() {
    }

    /**
     * Seeds ND4J's global random generator and sets float32 as the default data type.
     *
     * <p>Returns nothing on purpose: Java kernels echo the value of a cell's last expression.
     *
     * @param seed any long; the lessons use 42
     */
    public static void seed(long seed) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getRandom().setSeed(seed);
    }

    /**
     * Which backend ND4J runs on, in one line for a notebook to print (lesson 3), e.g.
     * {@code ND4J backend: CPU (OPENBLAS), 2 cores, 1 OpenMP thread} or
     * {@code ND4J backend: CUDA, device 0: NVIDIA H100 (79.6 GiB)}. The backend is chosen by the
     * build ({@code nd4j-native} by default, {@code -Pcuda} for {@code nd4j-cuda-11.6}).
     */
    public static String backend() {
        return describeBackend(Nd4j.getExecutioner().getEnvironmentInformation());
    }

    static String describeBackend(java.util.Properties env) {
        String backend = String.valueOf(env.getOrDefault("backend", "unknown"));
        StringBuilder s = new StringBuilder("ND4J backend: ").append(backend);
        Object devices = env.get("cuda.devicesInformation");
        if (devices instanceof java.util.List<?> list && !list.isEmpty()) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof java.util.Map<?, ?> d) {
                    s.append(i == 0 ? ", " : "; ").append("device ").append(i).append(": ")
                            .append(d.get("cuda.deviceName"));
                    if (d.get("cuda.totalMemory") instanceof Number total) {
                        s.append(String.format(java.util.Locale.ROOT, " (%.1f GiB)", total.doubleValue() / (1L << 30)));
                    }
                }
            }
            return s.toString();
        }
        if (env.get("blas.vendor") != null) {
            s.append(" (").append(env.get("blas.vendor")).append(")");
        }
        if (env.get("cores") != null) {
            s.append(", ").append(env.get("cores")).append(" cores");
        }
        if (env.get("omp.threads") != null) {
            Object t = env.get("omp.threads");
            s.append(", ").append(t).append(" OpenMP thread").append("1".equals(String.valueOf(t)) ? "" : "s");
        }
        return s.toString();
    }
}
