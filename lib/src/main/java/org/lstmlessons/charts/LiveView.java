package org.lstmlessons.charts;

import java.awt.image.BufferedImage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Something that shows itself in a notebook while it works: a chart that changes in place and a
 * progress line ({@code TrainingMonitor}, {@code TextTrainer}). It knows no kernel; one call hands it
 * the kernel's two display functions,
 *
 * <pre>
 * monitor.showIn(x -&gt; display(x), (id, x) -&gt; updateDisplay(id, x));
 * </pre>
 * which shows an empty chart and the line "starting" below the cell, and from then on replaces both
 * in place. The same lambdas work in JJava, IJava and rapaio-jupyter-kernel, whose {@code display}
 * returns the id that {@code updateDisplay} takes.
 *
 * @param <T> the implementing type, returned for chaining
 */
public interface LiveView<T extends LiveView<T>> {

    /** An empty chart of the size the live chart will have, shown before work starts. */
    BufferedImage placeholder();

    /** Where each new chart image goes. */
    T onChart(Consumer<BufferedImage> sink);

    /** Where each new progress line goes. */
    T onProgress(Consumer<String> sink);

    /**
     * Shows the placeholder chart and a "starting" line with {@code display}, then sends every new
     * chart and line to {@code updateDisplay} under their ids.
     */
    default T showIn(Function<Object, String> display, BiConsumer<String, Object> updateDisplay) {
        String chart = display.apply(placeholder());
        String progress = display.apply("starting");
        if (chart == null || progress == null) {
            throw new IllegalStateException("showIn: display(...) returned no id; pass the kernel's display, "
                    + "e.g. x -> display(x), whose result updateDisplay takes");
        }
        onChart(img -> updateDisplay.accept(chart, img));
        return onProgress(line -> updateDisplay.accept(progress, line));
    }
}
