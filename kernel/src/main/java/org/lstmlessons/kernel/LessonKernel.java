package org.lstmlessons.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.LogManager;

import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.Transform;

/**
 * The kernel the "Java (LSTM lessons)" spec starts: rapaio-jupyter-kernel, with a start-up that
 * cannot hang.
 *
 * <p>rapaio's own {@code MainApp} does {@code new Channels(props).connect(kernel)}, and
 * {@code connect} binds the shell socket and starts its reading thread <em>before</em> it creates
 * the table of message handlers. Jupyter sends {@code kernel_info_request} as soon as the socket
 * is bound; when that message is read inside the window, the lookup of its handler throws a
 * {@code NullPointerException}, the shell thread dies, and the process lives on without ever
 * answering (nbconvert: "Kernel didn't respond in 60 seconds"; JupyterLab: a kernel that stays
 * "connecting"). Measured here: 1 start in 5 to 1 in 10.
 *
 * <p>This launcher does the same steps as {@code MainApp} through the kernel's public API, but
 * runs {@code connect} under {@link StartupGuard}, which holds the channels' read lock until the
 * handlers exist and repairs a second, rarer race in the kernel's loop threads. Nothing of the
 * kernel is copied or patched; if a future kernel version changes the pieces the guard relies on,
 * it stops with a message that says so ({@link IncompatibleKernelException}).
 *
 * <p>Arguments: the connection file Jupyter writes ({@code {connection_file}} in the kernel
 * spec). Any other arguments (e.g. rapaio's installer, {@code -i ...}) go to {@code MainApp}.
 */
public final class LessonKernel {

    private LessonKernel() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || args[0].startsWith("-")) {
            MainApp.main(args);
            return;
        }
        Path connectionFile = Path.of(args[0]);
        if (!Files.isRegularFile(connectionFile)) {
            throw new IllegalArgumentException("LessonKernel: the connection file " + connectionFile
                    + " does not exist; Jupyter passes it as {connection_file} in the kernel spec's argv.");
        }
        quietKernelLogging();
        Channels channels;
        try {
            ConnectionProperties props = Transform.fromJson(
                    Files.readString(connectionFile, StandardCharsets.UTF_8), ConnectionProperties.class);
            channels = new Channels(props);
            StartupGuard guard = StartupGuard.of(channels);
            guard.connect(() -> channels.connect(MainApp.kernel));
        } catch (Throwable e) {
            // Exit, so that Jupyter reports a dead kernel (with this trace in its log) instead of
            // waiting on a process whose socket threads keep it alive but deaf.
            System.err.println("[lstm-lessons kernel] the kernel could not start:");
            e.printStackTrace();
            System.exit(1);
            return;
        }
        channels.joinUntilClose();
    }

    /** The logging set-up rapaio's MainApp does first (its own logging.properties). */
    private static void quietKernelLogging() throws IOException {
        try (InputStream in = MainApp.class.getClassLoader().getResourceAsStream("logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        }
    }
}
