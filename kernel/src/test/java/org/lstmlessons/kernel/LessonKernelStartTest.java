package org.lstmlessons.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.message.HMACDigest;
import org.rapaio.org.zeromq.SocketType;
import org.rapaio.org.zeromq.ZContext;
import org.rapaio.org.zeromq.ZMQ;

/**
 * Starts the launcher as Jupyter does (a child JVM with a connection file) and sends
 * {@code kernel_info_request} the moment the shell socket can take it (the timing that made
 * the unguarded kernel hang), expecting a signed {@code kernel_info_reply} every time.
 */
class LessonKernelStartTest {

    private static final int STARTS = 4;

    @Test
    void answersKernelInfoSentAtTheFirstPossibleMoment(@TempDir Path dir) throws Exception {
        for (int i = 0; i < STARTS; i++) {
            startAndAsk(dir.resolve("kernel-" + i + ".json"));
        }
    }

    private void startAndAsk(Path connectionFile) throws Exception {
        ConnectionProperties p = StartupGuardTest.props();
        Files.writeString(connectionFile, String.format(
                "{\"control_port\":%d,\"shell_port\":%d,\"transport\":\"tcp\",\"signature_scheme\":\"%s\","
                        + "\"stdin_port\":%d,\"hb_port\":%d,\"ip\":\"%s\",\"iopub_port\":%d,\"key\":\"%s\"}",
                p.controlPort(), p.shellPort(), p.signatureScheme(), p.stdinPort(), p.hbPort(), p.ip(), p.iopubPort(),
                p.key()), StandardCharsets.UTF_8);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process kernel = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                LessonKernel.class.getName(), connectionFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(connectionFile.resolveSibling(connectionFile.getFileName() + ".log").toFile())
                .start();
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket shell = ctx.createSocket(SocketType.DEALER);
            shell.setReceiveTimeOut(30_000);
            // Connect before the kernel binds and retry every millisecond, so the request arrives
            // right after the bind, inside the kernel's window: rapaio's own MainApp hung on 4 of
            // 10 such starts here; the launcher must answer every one.
            shell.setReconnectIVL(1);
            shell.connect("tcp://127.0.0.1:" + p.shellPort());
            HMACDigest hmac = new HMACDigest(p.signatureScheme(), p.key());
            send(shell, hmac, "kernel_info_request");
            List<byte[]> reply = receive(shell);
            assertNotNull(reply, "no kernel_info_reply within 30 s; kernel log: "
                    + Files.readString(connectionFile.resolveSibling(connectionFile.getFileName() + ".log")));
            int d = delimiter(reply);
            String header = new String(reply.get(d + 2), StandardCharsets.UTF_8);
            assertTrue(header.contains("\"kernel_info_reply\""), header);
            assertEquals(hmac.computeSignature(reply.get(d + 2), reply.get(d + 3), reply.get(d + 4), reply.get(d + 5)),
                    new String(reply.get(d + 1), StandardCharsets.US_ASCII), "the reply is signed with the session key");
            String content = new String(reply.get(d + 5), StandardCharsets.UTF_8);
            assertTrue(content.contains("\"language_info\""), content);
        } finally {
            kernel.destroy();
            if (!kernel.waitFor(10, TimeUnit.SECONDS)) {
                kernel.destroyForcibly();
            }
        }
    }

    private static void send(ZMQ.Socket shell, HMACDigest hmac, String type) {
        String session = UUID.randomUUID().toString();
        byte[] header = ("{\"msg_id\":\"" + UUID.randomUUID() + "\",\"username\":\"test\",\"session\":\"" + session
                + "\",\"date\":\"2026-01-01T00:00:00.000000Z\",\"msg_type\":\"" + type + "\",\"version\":\"5.3\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] parent = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] metadata = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] content = "{}".getBytes(StandardCharsets.UTF_8);
        shell.sendMore("<IDS|MSG>");
        shell.sendMore(hmac.computeSignature(header, parent, metadata, content));
        shell.sendMore(header);
        shell.sendMore(parent);
        shell.sendMore(metadata);
        shell.send(content);
    }

    private static List<byte[]> receive(ZMQ.Socket shell) {
        List<byte[]> frames = new ArrayList<>();
        byte[] first = shell.recv();
        if (first == null) {
            return null;
        }
        frames.add(first);
        while (shell.hasReceiveMore()) {
            frames.add(shell.recv());
        }
        return frames;
    }

    private static int delimiter(List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if ("<IDS|MSG>".equals(new String(frames.get(i), StandardCharsets.US_ASCII))) {
                return i;
            }
        }
        throw new AssertionError("no <IDS|MSG> delimiter in the reply (" + frames.size() + " frames)");
    }
}
