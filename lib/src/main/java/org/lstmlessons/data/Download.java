package org.lstmlessons.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One file fetched over HTTP(S) (or from a {@code file:} URL) into a file, with limits that hold for
 * the whole transfer: a connection must open within {@code connect}, no read may wait longer than
 * {@code stall} for data (a server that goes silent mid-file), and the whole transfer must end within
 * {@code total}. Every failure is an {@link IOException} whose message names the address.
 */
final class Download {

    /** The limits of one transfer; {@link #DEFAULT} for the lessons, short ones in tests. */
    record Limits(Duration connect, Duration stall, Duration total, long maxBytes) {
        static final Limits DEFAULT = new Limits(Duration.ofSeconds(20), Duration.ofSeconds(30),
                Duration.ofMinutes(15), 1L << 30);
    }

    private Download() {
    }

    /**
     * Writes the body of {@code url} into {@code target} (an existing, empty temporary file).
     *
     * @param label what is downloaded, for progress lines (e.g. "MNIST: train-images-idx3-ubyte.gz")
     * @return the number of bytes written
     */
    static long fetch(URI url, Path target, Limits limits, String label, Consumer<String> progress) throws IOException {
        long t0 = System.nanoTime();
        URLConnection connection = url.toURL().openConnection();
        connection.setConnectTimeout((int) limits.connect().toMillis());
        connection.setReadTimeout((int) limits.stall().toMillis());
        long bytes = 0;
        try {
            if (connection instanceof HttpURLConnection http) {
                http.setInstanceFollowRedirects(true);
                int status = http.getResponseCode();
                if (status != 200) {
                    throw new IOException(url + ": HTTP " + status);
                }
            }
            long total = connection.getContentLengthLong();
            progress.accept(label + ": downloading from " + where(url)
                    + (total > 0 ? String.format(Locale.ROOT, " (%.1f MB)", total / 1e6) : ""));
            byte[] buf = new byte[1 << 16];
            long lastReport = System.nanoTime();
            try (InputStream in = connection.getInputStream();
                    OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING)) {
                for (int n; (n = in.read(buf)) >= 0;) {
                    out.write(buf, 0, n);
                    bytes += n;
                    long now = System.nanoTime();
                    if (bytes > limits.maxBytes()) {
                        throw new IOException(url + ": sent more than " + (limits.maxBytes() >> 20) + " MiB");
                    }
                    if (now - t0 > limits.total().toNanos()) {
                        throw new IOException(url + ": the transfer took longer than " + seconds(limits.total())
                                + " (" + mb(bytes) + " received); try again later or use another mirror");
                    }
                    if (now - lastReport > 2_000_000_000L) {
                        lastReport = now;
                        progress.accept(total > 0
                                ? String.format(Locale.ROOT, "  %s of %.1f MB (%d %%)", mb(bytes), total / 1e6, 100 * bytes / total)
                                : "  " + mb(bytes));
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            throw new IOException(url + ": " + (bytes == 0 ? "no answer" : "the server stopped sending")
                    + " for " + seconds(limits.stall()) + (bytes > 0 ? " after " + mb(bytes) : "")
                    + "; try again later or use another mirror", e);
        } finally {
            if (connection instanceof HttpURLConnection http) {
                http.disconnect();
            }
        }
        progress.accept(String.format(Locale.ROOT, "%s: %s in %.1f s", label, mb(bytes), (System.nanoTime() - t0) / 1e9));
        return bytes;
    }

    /** The host (and port) of an address, for messages: never a local path. */
    static String where(URI url) {
        if (url.getHost() == null) {
            return "a local copy (" + url.getScheme() + ":)";
        }
        return url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1e3);
    }
}
