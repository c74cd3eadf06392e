package org.lstmlessons.data;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server standing in for the MNIST mirrors: {@code /NAME/FILE} is served from the map
 * registered for mirror NAME (404 when absent), slowly if asked (half the file, a pause of
 * {@link #delayMillis}, the rest: a pause longer than a client's stall limit is a stall), and every
 * request is counted.
 */
final class FixtureServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Map<String, byte[]>> mirrors = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final java.util.Set<String> neverSlow = ConcurrentHashMap.newKeySet();
    volatile int delayMillis;

    FixtureServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fixture-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            String[] parts = exchange.getRequestURI().getPath().split("/", 3); // "", mirror, file
            requests.computeIfAbsent(exchange.getRequestURI().getPath(), k -> new AtomicInteger()).incrementAndGet();
            byte[] body = parts.length == 3 ? mirrors.getOrDefault(parts[1], Map.of()).get(parts[2]) : null;
            try {
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    int half = body.length / 2;
                    out.write(body, 0, half);
                    out.flush();
                    if (delayMillis > 0 && !neverSlow.contains(parts[1])) {
                        Thread.sleep(delayMillis);
                    }
                    out.write(body, half, body.length - half);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** Serves {@code files} (name to bytes) under {@code /mirror/}; returns that base URL. */
    URI mirror(String mirror, Map<String, byte[]> files) {
        mirrors.put(mirror, new ConcurrentHashMap<>(files));
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + mirror + "/");
    }

    /** Like {@link #mirror}, but never slowed down by {@link #delayMillis}. */
    URI goodMirror(String mirror, Map<String, byte[]> files) {
        neverSlow.add(mirror);
        return mirror(mirror, files);
    }

    int requests(String mirror, String file) {
        AtomicInteger n = requests.get("/" + mirror + "/" + file);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
