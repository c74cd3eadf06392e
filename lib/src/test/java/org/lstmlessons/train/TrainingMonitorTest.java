package org.lstmlessons.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TrainingMonitorTest {

    long now;

    TrainingMonitor monitor(List<BufferedImage> images, List<String> lines) {
        return new TrainingMonitor(() -> now).onChart(images::add).onProgress(lines::add).redrawEvery(Duration.ofSeconds(2));
    }

    @Test
    void redrawsAtMostEveryIntervalAndAlwaysAtTheEnd() {
        List<BufferedImage> images = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        TrainingMonitor m = monitor(images, lines);
        m.start(2, 50, 100, 100);   // 2 epochs of 50 minibatches, 100 in all, batch 100
        for (int step = 1; step <= 100; step++) {
            now += 500_000_000L; // a step every 0.5 s
            m.step(new StepMetrics(step, step <= 50 ? 1 : 2, step * 100L, 2.0 / step, Math.min(1, step / 50.0)));
            if (step == 50) {
                m.epoch(new EpochMetrics(1, 5000, 0.5, 0.8, 0.91, 25, 200));
            }
        }
        m.finish();
        // 50 s of steps at one redraw per 2 s: the first step, then every 4th, then the end
        assertEquals(26, images.size());
        assertEquals(26, m.redraws());
        assertEquals(960, images.get(0).getWidth());
        assertEquals(320, images.get(0).getHeight());
        assertEquals("starting: 2 epochs of 50 minibatches of 100", lines.get(0));
        assertTrue(lines.get(20).matches("epoch 2/2  step 77/100 \\(77 %\\)  loss 0\\.0260  accuracy 1\\.000  200 samples/s  ETA 0:12"
                + "  \\(validation 0\\.9100 after epoch 1\\)"), lines.get(20));
        assertEquals("done: 100 minibatches, 2 epochs in 0:50 (200 samples/s); validation accuracy 0.9100", lines.get(lines.size() - 1));
        assertEquals(lines.get(lines.size() - 1), m.progressLine());
    }

    @Test
    void placeholderHasTheChartsSize() {
        BufferedImage img = TrainingMonitor.create().panelSize(300, 200).placeholder();
        assertEquals(600, img.getWidth());
        assertEquals(200, img.getHeight());
    }

    @Test
    void showInDisplaysAChartAndALineThenUpdatesThemInPlace() {
        List<String> shown = new ArrayList<>();           // what display(...) received, as its ids
        List<String> updates = new ArrayList<>();         // "id: what" for each updateDisplay(...)
        TrainingMonitor m = new TrainingMonitor(() -> now).redrawEvery(Duration.ZERO);
        m.showIn(x -> {
            shown.add(x instanceof BufferedImage img ? "image " + img.getWidth() + "x" + img.getHeight() : x.toString());
            return "id" + shown.size();
        }, (id, x) -> updates.add(id + ": " + (x instanceof BufferedImage ? "image" : x)));

        assertEquals(List.of("image 960x320", "starting"), shown);
        m.start(1, 2, 2, 10);
        now += 1_000_000_000L;
        m.step(new StepMetrics(1, 1, 10, 1.0, 0.5));
        m.finish();
        assertEquals(List.of("id2: starting: 1 epoch of 2 minibatches of 10", "id1: image",
                "id2: epoch 1/1  step 1/2 (50 %)  loss 1.0000  accuracy 0.500  10 samples/s  ETA 0:01", "id1: image",
                "id2: done: 2 minibatches, 1 epoch in 0:01 (10 samples/s)"), updates);
    }

    @Test
    void showInWithoutIdsSaysWhatToPass() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> TrainingMonitor.create().showIn(x -> null, (id, x) -> { }));
        assertTrue(e.getMessage().contains("x -> display(x)"), e.getMessage());
    }
}
