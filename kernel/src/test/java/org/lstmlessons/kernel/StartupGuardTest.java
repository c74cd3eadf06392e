package org.lstmlessons.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.channels.LoopThread;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;

class StartupGuardTest {

    /** Connection settings on five different free ports (all held open while they are chosen). */
    static ConnectionProperties props() throws IOException {
        ServerSocket[] s = new ServerSocket[5];
        try {
            for (int i = 0; i < s.length; i++) {
                s[i] = new ServerSocket(0);
            }
            return new ConnectionProperties(s[0].getLocalPort(), s[1].getLocalPort(), "tcp", "hmac-sha256",
                    s[2].getLocalPort(), s[3].getLocalPort(), "127.0.0.1", s[4].getLocalPort(), "a-test-key");
        } finally {
            for (ServerSocket x : s) {
                if (x != null) {
                    x.close();
                }
            }
        }
    }

    @Test
    void acceptsTheKernelOnTheClasspath() throws Exception {
        List<String> notes = new ArrayList<>();
        Channels channels = new Channels(props());
        try {
            StartupGuard.of(channels, notes::add);
        } finally {
            channels.close();
        }
        assertEquals(List.of(), notes, "the bundled kernel is the tested version, so there is nothing to say");
        assertEquals(StartupGuard.TESTED_VERSION, StartupGuard.kernelVersion());
    }

    @Test
    void aLoopThreadThatEndedIsSeenAsEnded() throws Exception {
        LoopThread t = new LoopThread("ended", 1, () -> { });
        t.start();
        t.shutdown();
        t.join(5_000);
        assertEquals(StartupGuard.LoopState.ENDED, StartupGuard.settle(t));
    }

    @Test
    void aLoopThreadInsideItsLoopIsSeenAsAlive() throws Exception {
        LoopThread t = new LoopThread("alive", 50, () -> { });
        t.start();
        try {
            assertEquals(StartupGuard.LoopState.INSIDE_LOOP, StartupGuard.settle(t));
        } finally {
            t.shutdown();
            t.join(5_000);
        }
    }

    @Test
    void theReplacementRunsTheDeadThreadsBody() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        LoopThread dead = new LoopThread("shell-loop", 5, runs::incrementAndGet);
        dead.start();
        dead.shutdown();
        dead.join(5_000);
        int before = runs.get();

        LoopThread fresh = StartupGuard.replacement(dead);
        assertEquals("shell-loop", fresh.getName());
        fresh.start();
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (runs.get() < before + 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(runs.get() >= before + 3, "the new thread runs the loop body again and again");
            assertTrue(fresh.isAlive());
        } finally {
            fresh.shutdown();
            fresh.join(5_000);
        }
    }
}
