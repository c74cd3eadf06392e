package org.lstmlessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class LessonsTest {

    @Test
    void describesTheCpuBackendThisBuildUses() {
        String line = Lessons.backend();
        assertTrue(line.startsWith("ND4J backend: CPU (OPENBLAS), "), line);
        assertTrue(line.matches(".*, \\d+ cores, \\d+ OpenMP threads?"), line);
    }

    @Test
    void describesCudaDevices() {
        Properties env = new Properties();
        env.put("backend", "CUDA");
        env.put("cuda.devicesInformation", List.of(Map.of("cuda.deviceName", "NVIDIA H200", "cuda.totalMemory", 150_000_000_000L)));
        assertEquals("ND4J backend: CUDA, device 0: NVIDIA H200 (139.7 GiB)", Lessons.describeBackend(env));
    }
}
