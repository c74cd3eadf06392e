package org.lstmlessons.kernel;

/**
 * The rapaio-jupyter-kernel on the classpath is not the one {@link StartupGuard} was written for:
 * one of the pieces it relies on has changed. The message names the piece and what to do.
 */
public final class IncompatibleKernelException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    IncompatibleKernelException(String what, String version) {
        super("rapaio-jupyter-kernel " + version + " does not match the lessons' start-up guard (written for "
                + StartupGuard.TESTED_VERSION + "): " + what + ". Pin rapaio.kernel.version back to "
                + StartupGuard.TESTED_VERSION + " in the root pom.xml, or update kernel/src/main/java/org/lstmlessons/"
                + "kernel/StartupGuard.java for the new version (if the kernel fixed its start-up race, the guard "
                + "can go: run org.rapaio.jupyter.kernel.MainApp directly).");
    }
}
