package org.lstmlessons.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

import org.rapaio.jupyter.kernel.channels.AbstractChannel;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.channels.LoopThread;

/**
 * Makes rapaio-jupyter-kernel's start-up safe. It is a workaround for two races in the kernel
 * (3.0.1, and 2.3.0 the same), kept small and checked: {@link #of(Channels)} verifies every piece
 * it relies on and throws {@link IncompatibleKernelException} if one is missing, so a new kernel
 * version fails the first start loudly instead of hanging now and then.
 *
 * <ol>
 * <li><b>Handlers race.</b> {@code Channels.connect} starts the shell and control threads before
 * it assigns the handler table; a request read in between makes {@code getHandler} throw and
 * kills the thread. Both threads read through {@code AbstractChannel.readMessage()}, which is
 * {@code synchronized} on the channel. {@link #connect(Runnable)} holds the shell's and the
 * control channel's monitors while {@code connect} runs: a thread that sees a request waits on the
 * monitor and reads it only once the handlers exist (the monitor also publishes them to it).</li>
 * <li><b>Loop start race.</b> {@code LoopThread.start()} starts the thread and only then sets its
 * {@code running} flag; a thread scheduled in between sees {@code false} and ends at once, and its
 * channel is dead. After {@code connect}, each loop thread (shell, control, heartbeat) is watched
 * until it is seen inside its loop (a call from its loop on its stack) or has ended; one that ended is replaced by a
 * new {@code LoopThread} with the same body whose flag is set before it starts.</li>
 * </ol>
 * What it reads by reflection: the private fields {@code shell}, {@code control},
 * {@code heartbeat} of {@code Channels}, {@code loopThread} of those channels, and
 * {@code running}, {@code sleep}, {@code loopBody} of {@code LoopThread}. It writes only a new
 * loop thread into a channel whose thread has died.
 */
final class StartupGuard {

    /** The kernel version this guard was written against and tested with. */
    static final String TESTED_VERSION = "3.0.1";

    private static final long SETTLE_TIMEOUT_MILLIS = 10_000;
    private static final String[] LOOP_CHANNELS = {"shell", "control", "heartbeat"};

    private final AbstractChannel shell;
    private final AbstractChannel control;
    private final List<AbstractChannel> loopChannels;
    private final Consumer<String> log;
    private int revived;

    private StartupGuard(AbstractChannel shell, AbstractChannel control, List<AbstractChannel> loopChannels,
            Consumer<String> log) {
        this.shell = shell;
        this.control = control;
        this.loopChannels = loopChannels;
        this.log = log;
    }

    /** A guard for these (not yet connected) channels; messages go to standard error. */
    static StartupGuard of(Channels channels) {
        return of(channels, msg -> System.err.println("[lstm-lessons kernel] " + msg));
    }

    /**
     * @throws IncompatibleKernelException if the kernel on the classpath lacks a piece the guard needs
     */
    static StartupGuard of(Channels channels, Consumer<String> log) {
        requireSynchronizedRead();
        requireLoopThreadShape();
        List<AbstractChannel> loops = new ArrayList<>();
        for (String name : LOOP_CHANNELS) {
            Object channel = read(field(Channels.class, name), channels);
            if (!(channel instanceof AbstractChannel c)) {
                throw incompatible("Channels." + name + " is not an AbstractChannel (" + channel + ")");
            }
            field(c.getClass(), "loopThread", LoopThread.class);
            loops.add(c);
        }
        String version = kernelVersion();
        if (!TESTED_VERSION.equals(version)) {
            log.accept("note: rapaio-jupyter-kernel " + version + " is running; the start-up guard was tested with "
                    + TESTED_VERSION + " (its checks passed, so it is used).");
        }
        return new StartupGuard(loops.get(0), loops.get(1), loops, log);
    }

    /**
     * Runs {@code connect} (the kernel's {@code Channels.connect}) so that no request can reach a
     * missing handler, then makes sure every loop thread runs.
     */
    void connect(Runnable connect) {
        synchronized (shell) {
            synchronized (control) {
                connect.run();
                for (AbstractChannel channel : loopChannels) {
                    reviveIfDead(channel);
                }
            }
        }
    }

    /** How many loop threads had died at start and were replaced. */
    int revived() {
        return revived;
    }

    private void reviveIfDead(AbstractChannel channel) {
        Field f = field(channel.getClass(), "loopThread", LoopThread.class);
        LoopThread thread = (LoopThread) read(f, channel);
        if (thread == null) {
            throw incompatible(channel.getClass().getSimpleName() + ".loopThread is null after connect()");
        }
        LoopState state = settle(thread);
        if (state == LoopState.UNKNOWN) {
            log.accept(channel.getClass().getSimpleName() + "'s loop thread was not seen inside its loop within "
                    + SETTLE_TIMEOUT_MILLIS / 1000 + " s; leaving it as it is.");
        }
        if (state == LoopState.ENDED) {
            LoopThread fresh = replacement(thread);
            write(f, channel, fresh);
            fresh.start();
            revived++;
            log.accept(channel.getClass().getSimpleName() + "'s loop thread ended at start (rapaio's LoopThread "
                    + "start race); started a new one.");
        }
    }

    /** What {@link #settle(Thread)} saw of a loop thread. */
    enum LoopState {
        /** It has called into its body or its pause: it passed the {@code running} check. */
        INSIDE_LOOP,
        /** It has ended: it read {@code running == false} and never ran its body. */
        ENDED,
        /** Neither within the time limit (treated as alive). */
        UNKNOWN
    }

    /**
     * Watches a loop thread until it is seen inside its loop (a stack frame above
     * {@code LoopThread.run}: its body or the pause between rounds) or has ended. Thread states
     * alone do not tell: a thread can be BLOCKED on a class initialisation before its first check.
     */
    static LoopState settle(Thread thread) {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT_MILLIS * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (thread.getState() == Thread.State.TERMINATED) {
                return LoopState.ENDED;
            }
            StackTraceElement[] stack = thread.getStackTrace();
            for (int i = 1; i < stack.length; i++) {
                if (stack[i].getClassName().equals(LoopThread.class.getName()) && stack[i].getMethodName().equals("run")) {
                    return LoopState.INSIDE_LOOP;
                }
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return LoopState.UNKNOWN;
            }
        }
        return thread.getState() == Thread.State.TERMINATED ? LoopState.ENDED : LoopState.UNKNOWN;
    }

    /** A new loop thread with the dead one's name, pause and body, already marked running. */
    static LoopThread replacement(LoopThread dead) {
        long sleep = (long) read(field(LoopThread.class, "sleep", long.class), dead);
        Runnable body = (Runnable) read(field(LoopThread.class, "loopBody", Runnable.class), dead);
        LoopThread fresh = new LoopThread(dead.getName(), sleep, body);
        write(field(LoopThread.class, "running", boolean.class), fresh, true);
        return fresh;
    }

    private static void requireSynchronizedRead() {
        try {
            Method m = AbstractChannel.class.getDeclaredMethod("readMessage");
            if (!Modifier.isSynchronized(m.getModifiers())) {
                throw incompatible("AbstractChannel.readMessage() is no longer synchronized");
            }
        } catch (NoSuchMethodException e) {
            throw incompatible("AbstractChannel has no readMessage() method");
        }
    }

    private static void requireLoopThreadShape() {
        field(LoopThread.class, "running", boolean.class);
        field(LoopThread.class, "sleep", long.class);
        field(LoopThread.class, "loopBody", Runnable.class);
        try {
            LoopThread.class.getConstructor(String.class, long.class, Runnable.class);
        } catch (NoSuchMethodException e) {
            throw incompatible("LoopThread has no (String, long, Runnable) constructor");
        }
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw incompatible(owner.getSimpleName() + " has no field '" + name + "'");
        } catch (RuntimeException e) {
            throw incompatible("cannot open " + owner.getSimpleName() + "." + name + " (" + e + ")");
        }
    }

    private static Field field(Class<?> owner, String name, Class<?> type) {
        Field f = field(owner, name);
        if (f.getType() != type) {
            throw incompatible(owner.getSimpleName() + "." + name + " is a " + f.getType().getName() + ", expected "
                    + type.getName());
        }
        return f;
    }

    private static Object read(Field f, Object target) {
        try {
            return f.get(target);
        } catch (IllegalAccessException e) {
            throw incompatible("cannot read " + f + " (" + e.getMessage() + ")");
        }
    }

    private static void write(Field f, Object target, Object value) {
        try {
            f.set(target, value);
        } catch (IllegalAccessException e) {
            throw incompatible("cannot write " + f + " (" + e.getMessage() + ")");
        }
    }

    /** The kernel's version from its jar's Maven metadata, or "unknown". */
    static String kernelVersion() {
        try (InputStream in = Channels.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/io.github.padreati/rapaio-jupyter-kernel/pom.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static IncompatibleKernelException incompatible(String what) {
        return new IncompatibleKernelException(what, kernelVersion());
    }
}
