package org.lstmlessons.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * {@code ./lessons bench}: lesson 3's model trained and run by DL4J's LSTM, our FastLSTM and
 * PyTorch's LSTM (through DJL), each with 1 and 2 threads, alternating configuration by
 * configuration in every round so that the machine's other load falls on all of them alike.
 *
 * <p>Every configuration is a child JVM ({@link Worker}): ND4J and PyTorch read their thread
 * count once. Round 0 warms up (JIT, allocations) and is not counted; then {@code --rounds}
 * rounds of about {@code --train-seconds} training and {@code --infer-seconds} inference each.
 * Prints a table (medians [min-max]), the ratios, the GEMM rate and the FLOP lower bound; writes
 * {@code results.csv}, {@code rounds.csv} and {@code throughput.png} under {@code --out}.
 */
public final class Bench {

    private record Config(String impl, int threads) {
        String label() {
            return impl + " " + threads + "t";
        }
    }

    private record Stats(double median, double min, double max) {
        static Stats of(List<Double> xs) {
            double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = a.length;
            double median = n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
            return new Stats(median, a[0], a[n - 1]);
        }
    }

    private static final Map<String, String> NAMES = Map.of("dl4j", "DL4J LSTM", "fast", "FastLSTM (oneDNN)", "java", "FastLSTM (Java engine)",
            "pytorch", "PyTorch LSTM (DJL)");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 5;
        double trainSeconds = 3.0;   // rounds of 1 s inference spread 2x at two threads on a shared 2-core VM
        double inferSeconds = 2.0;
        int[] threads = {1, 2};
        List<String> impls = List.of("dl4j", "fast", "java", "pytorch");
        Path out = Path.of("build", "bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--train-seconds" -> trainSeconds = Double.parseDouble(args[++i]);
                case "--infer-seconds" -> inferSeconds = Double.parseDouble(args[++i]);
                case "--threads" -> threads = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--impls" -> impls = List.of(args[++i].split(","));
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --rounds N, --train-seconds S, --infer-seconds S, --threads 1,2, "
                        + "--impls dl4j,fast,java,pytorch, --out DIR)");
            }
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1");
        }
        Files.createDirectories(out.resolve("logs"));
        long started = System.nanoTime();
        System.out.println("Lesson 3's model: LSTM 28->128, last step, dense 10 softmax, Adam 1e-3, batch "
                + Lesson3Model.BATCH + ", real MNIST");
        System.out.println("machine: " + machine());
        System.out.println("load average at start: " + loadAverage());

        List<Config> configs = new ArrayList<>();
        for (int t : threads) {
            for (String impl : impls) {
                configs.add(new Config(impl, t));
            }
        }
        Map<Config, WorkerProcess> workers = new LinkedHashMap<>();
        Map<Integer, double[]> gemm = new LinkedHashMap<>();
        try {
            for (Config c : configs) {
                System.out.println("starting " + c.label() + " ...");
                workers.put(c, WorkerProcess.start(c, trainSeconds, inferSeconds, out.resolve("logs")));
            }
            for (int t : threads) {
                Config probe = configs.stream().filter(c -> c.threads() == t && !c.impl().equals("pytorch"))
                        .findFirst().orElse(null);
                if (probe != null) {
                    String[] g = workers.get(probe).ask("gemm", "GEMM").split("[ =]");
                    gemm.put(t, new double[] {Double.parseDouble(g[2]), Double.parseDouble(g[4])});
                }
            }
            Map<Config, List<double[]>> results = new LinkedHashMap<>();
            Map<Config, String> natives = new LinkedHashMap<>();
            configs.forEach(c -> results.put(c, new ArrayList<>()));
            try (PrintWriter roundsCsv = new PrintWriter(Files.newBufferedWriter(out.resolve("rounds.csv.tmp")))) {
                roundsCsv.println("round,implementation,threads,train_samples_per_s,infer_samples_per_s,peak_rss_mb");
                for (int r = 0; r <= rounds; r++) {
                    StringBuilder line = new StringBuilder(r == 0 ? "warm-up:" : "round " + r + ":");
                    for (int k = 0; k < configs.size(); k++) {
                        Config c = configs.get((k + r) % configs.size()); // rotate who goes first
                        String raw = workers.get(c).ask("round", "RESULT");
                        double[] m = parseResult(raw);
                        natives.putIfAbsent(c, raw.replaceAll(".*natives=(\\S+).*", "$1"));
                        line.append(String.format(Locale.ROOT, "  %s %.0f/%.0f", c.label(), m[0], m[1]));
                        if (r > 0) {
                            results.get(c).add(m);
                            roundsCsv.printf(Locale.ROOT, "%d,%s,%d,%.1f,%.1f,%.0f%n", r, c.impl(), c.threads(),
                                    m[0], m[1], m[2]);
                        }
                    }
                    System.out.println(line.append("  (train/infer samples/s)"));
                }
            }
            Files.move(out.resolve("rounds.csv.tmp"), out.resolve("rounds.csv"), StandardCopyOption.REPLACE_EXISTING);
            if (!steady(configs, results, natives)) {
                System.out.println("load average now: " + loadAverage());
                System.exit(3);
            }
            report(configs, results, gemm, rounds, out);
        } finally {
            for (WorkerProcess w : workers.values()) {
                w.stop();
            }
        }
        System.out.println("load average at end: " + loadAverage());
        System.out.printf(Locale.ROOT, "benchmark took %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    /**
     * Prints each configuration's first and last counted round and the native runtimes its JVM
     * loaded; false (with the reason) when the PyTorch worker loaded ND4J too, or when one
     * configuration's rounds differ by more than 2x: then something interferes and no ratio is honest.
     */
    static boolean steady(List<Config> configs, Map<Config, List<double[]>> results, Map<Config, String> natives) {
        boolean ok = true;
        System.out.println();
        System.out.println("first -> last counted round (train / infer samples/s), native runtimes loaded:");
        for (Config c : configs) {
            List<double[]> r = results.get(c);
            double[] first = r.get(0);
            double[] last = r.get(r.size() - 1);
            double tMin = r.stream().mapToDouble(m -> m[0]).min().orElse(0);
            double tMax = r.stream().mapToDouble(m -> m[0]).max().orElse(0);
            double iMin = r.stream().mapToDouble(m -> m[1]).min().orElse(0);
            double iMax = r.stream().mapToDouble(m -> m[1]).max().orElse(0);
            System.out.printf(Locale.ROOT, "  %-12s %,.0f -> %,.0f / %,.0f -> %,.0f  [%s]%n", c.label(), first[0], last[0],
                    first[1], last[1], natives.get(c));
            if (c.impl().equals("pytorch") && !"torch".equals(natives.get(c))) {
                System.out.println("STOP: the PyTorch worker loaded " + natives.get(c) + ", not only libtorch: it is no"
                        + " clean reference.");
                ok = false;
            }
            if (tMax > 2 * tMin || iMax > 2 * iMin) {
                System.out.printf(Locale.ROOT, "STOP: %s's rounds differ by more than 2x (train %,.0f..%,.0f, infer"
                        + " %,.0f..%,.0f samples/s): something else used the CPU during the run (another program, a"
                        + " busy neighbour on a shared VM) or thread pools interfere. Run again on a quiet machine.%n",
                        c.label(), tMin, tMax, iMin, iMax);
                ok = false;
            }
        }
        return ok;
    }

    private static double[] parseResult(String line) {
        double train = 0;
        double infer = 0;
        double rss = 0;
        double cores = 0;
        for (String kv : line.split(" ")) {
            String[] p = kv.split("=");
            if (p.length == 2) {
                switch (p[0]) {
                    case "train" -> train = Double.parseDouble(p[1]);
                    case "infer" -> infer = Double.parseDouble(p[1]);
                    case "peakRssMb" -> rss = Double.parseDouble(p[1]);
                    case "cores" -> cores = Double.parseDouble(p[1]);
                    default -> { }
                }
            }
        }
        return new double[] {train, infer, rss, cores};
    }

    private static void report(List<Config> configs, Map<Config, List<double[]>> results, Map<Integer, double[]> gemm,
            int rounds, Path out) throws IOException {
        Map<Config, Stats> train = new LinkedHashMap<>();
        Map<Config, Stats> infer = new LinkedHashMap<>();
        Map<Config, Double> rss = new LinkedHashMap<>();
        Map<Config, Stats> cores = new LinkedHashMap<>();
        for (Config c : configs) {
            List<double[]> rs = results.get(c);
            train.put(c, Stats.of(rs.stream().map(m -> m[0]).toList()));
            infer.put(c, Stats.of(rs.stream().map(m -> m[1]).toList()));
            rss.put(c, rs.stream().mapToDouble(m -> m[2]).max().orElse(-1));
            cores.put(c, Stats.of(rs.stream().map(m -> m[3]).toList()));
        }
        long flops = Lesson3Model.trainFlopsPerMinibatch();
        System.out.println();
        System.out.printf(Locale.ROOT, "FLOPs per training minibatch (matrix products only): %d x (2 x %,d + %,d) "
                + "= %.3f GFLOP; forward %,d FLOP/sample%n", Lesson3Model.BATCH, Lesson3Model.forwardFlopsPerSample(),
                2L * Lesson3Model.STEPS * Lesson3Model.UNITS * 4 * Lesson3Model.UNITS, flops / 1e9,
                Lesson3Model.forwardFlopsPerSample());
        Map<Integer, Double> roofline = new LinkedHashMap<>();
        for (Map.Entry<Integer, double[]> g : gemm.entrySet()) {
            double seconds = flops / (g.getValue()[0] * 1e9);
            roofline.put(g.getKey(), Lesson3Model.BATCH / seconds);
            System.out.printf(Locale.ROOT, "SGEMM through ND4J, %d thread(s): %.1f GFLOP/s (1024^3), %.1f GFLOP/s "
                    + "(100x128 by 128x512, one LSTM step) -> lower bound %.1f ms per minibatch = %,.0f samples/s%n",
                    g.getKey(), g.getValue()[0], g.getValue()[1], seconds * 1e3, Lesson3Model.BATCH / seconds);
        }
        System.out.println();
        System.out.printf("%d rounds after a warm-up round; median [min-max], samples/s%n", rounds);
        System.out.println("| implementation | threads | train samples/s | infer samples/s | cores busy in training | peak RSS MB |");
        System.out.println("|---|---|---|---|---|---|");
        for (Config c : configs) {
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %.2f | %.0f |%n", NAMES.getOrDefault(c.impl(), c.impl()),
                    c.threads(), fmt(train.get(c)), fmt(infer.get(c)), cores.get(c).median(), rss.get(c));
        }
        for (Config c : configs) {
            if (cores.get(c).median() > c.threads() + 0.3) {
                System.out.printf(Locale.ROOT, "WARNING: %s kept %.2f cores busy while training: its thread limit (%d)"
                        + " does not hold, so its numbers are not a %d-thread measurement.%n", c.label(),
                        cores.get(c).median(), c.threads(), c.threads());
            }
        }
        System.out.println();
        Config fast = best(configs, train, "fast");
        Config dl4j = best(configs, train, "dl4j");
        Config torch = best(configs, train, "pytorch");
        Config fastInfer = best(configs, infer, "fast");
        Config torchInfer = best(configs, infer, "pytorch");
        Config dl4jInfer = best(configs, infer, "dl4j");
        System.out.println("ratios of medians, each implementation at its best thread count:");
        if (fast != null && dl4j != null) {
            System.out.printf(Locale.ROOT, "fast/dl4j train ratio %.2f (%s vs %s)%n",
                    train.get(fast).median() / train.get(dl4j).median(), fast.label(), dl4j.label());
            System.out.printf(Locale.ROOT, "fast/dl4j infer ratio %.2f (%s vs %s)%n",
                    infer.get(fastInfer).median() / infer.get(dl4jInfer).median(), fastInfer.label(), dl4jInfer.label());
        }
        if (fast != null && torch != null) {
            System.out.printf(Locale.ROOT, "fast/pytorch train ratio %.2f%n",
                    train.get(fast).median() / train.get(torch).median());
            System.out.printf(Locale.ROOT, "  (%s vs %s)%n", fast.label(), torch.label());
            System.out.printf(Locale.ROOT, "fast/pytorch infer ratio %.2f (%s vs %s)%n",
                    infer.get(fastInfer).median() / infer.get(torchInfer).median(), fastInfer.label(), torchInfer.label());
        }
        if (fast != null && roofline.containsKey(fast.threads())) {
            System.out.printf(Locale.ROOT, "fast/roofline train ratio %.2f (%s vs %,.0f samples/s)%n",
                    train.get(fast).median() / roofline.get(fast.threads()), fast.label(), roofline.get(fast.threads()));
        }
        System.out.println("ratios of medians at each thread count (the issue's targets: fast/pytorch >= 1.0, more threads faster):");
        for (int t : configs.stream().mapToInt(Config::threads).distinct().toArray()) {
            Config f = new Config("fast", t);
            if (!train.containsKey(f)) {
                continue;
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "at %d thread(s):", t));
            for (String other : List.of("pytorch", "java", "dl4j")) {
                Config o = new Config(other, t);
                if (train.containsKey(o)) {
                    line.append(String.format(Locale.ROOT, " fast/%s train %.2f, infer %.2f;", other,
                            train.get(f).median() / train.get(o).median(), infer.get(f).median() / infer.get(o).median()));
                }
            }
            if (roofline.containsKey(t)) {
                line.append(String.format(Locale.ROOT, " fast/GEMM roofline train %.2f", train.get(f).median() / roofline.get(t)));
            }
            System.out.println(line);
        }
        int[] counts = configs.stream().filter(c -> c.impl().equals("fast")).mapToInt(Config::threads).sorted().toArray();
        if (counts.length > 1) {
            Config one = new Config("fast", counts[0]);
            Config most = new Config("fast", counts[counts.length - 1]);
            System.out.printf(Locale.ROOT, "%s / %s: train %.2f, infer %.2f%n", most.label(), one.label(),
                    train.get(most).median() / train.get(one).median(), infer.get(most).median() / infer.get(one).median());
        }
        writeCsv(configs, train, infer, rss, out.resolve("results.csv"));
        writeChart(configs, train, infer, out.resolve("throughput.png"));
        System.out.println("wrote " + out.resolve("results.csv") + ", " + out.resolve("rounds.csv") + ", "
                + out.resolve("throughput.png"));
    }

    private static Config best(List<Config> configs, Map<Config, Stats> stats, String impl) {
        return configs.stream().filter(c -> c.impl().equals(impl))
                .max((a, b) -> Double.compare(stats.get(a).median(), stats.get(b).median())).orElse(null);
    }

    private static String fmt(Stats s) {
        return String.format(Locale.ROOT, "%,.0f [%,.0f-%,.0f]", s.median(), s.min(), s.max());
    }

    private static void writeCsv(List<Config> configs, Map<Config, Stats> train, Map<Config, Stats> infer,
            Map<Config, Double> rss, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(tmp))) {
            w.println("implementation,threads,train_median,train_min,train_max,infer_median,infer_min,infer_max,"
                    + "peak_rss_mb");
            for (Config c : configs) {
                Stats t = train.get(c);
                Stats i = infer.get(c);
                w.printf(Locale.ROOT, "%s,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.0f%n", c.impl(), c.threads(), t.median(),
                        t.min(), t.max(), i.median(), i.min(), i.max(), rss.get(c));
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writeChart(List<Config> configs, Map<Config, Stats> train, Map<Config, Stats> infer,
            Path file) throws IOException {
        int w = 1000;
        int h = 420;
        BufferedImage image = new BufferedImage(w, 2 * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, 2 * h);
        chart("Training, samples/s (median; bars: largest distance to min or max)", configs, train, w, h).paint(g, w, h);
        g.translate(0, h);
        chart("Inference, samples/s (median; bars: largest distance to min or max)", configs, infer, w, h).paint(g, w, h);
        g.dispose();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ImageIO.write(image, "png", tmp.toFile());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static CategoryChart chart(String title, List<Config> configs, Map<Config, Stats> stats, int w, int h) {
        CategoryChart chart = new CategoryChartBuilder().width(w).height(h).title(title)
                .xAxisTitle("implementation").yAxisTitle("samples/s").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        List<Integer> threadCounts = configs.stream().map(Config::threads).distinct().toList();
        List<String> impls = configs.stream().map(Config::impl).distinct().toList();
        for (int t : threadCounts) {
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            List<Double> errors = new ArrayList<>();
            for (String impl : impls) {
                Stats s = stats.get(new Config(impl, t));
                names.add(NAMES.getOrDefault(impl, impl));
                values.add(s == null ? 0 : s.median());
                errors.add(s == null ? 0 : Math.max(s.max() - s.median(), s.median() - s.min()));
            }
            chart.addSeries(t + (t == 1 ? " thread" : " threads"), names, values, errors);
        }
        return chart;
    }

    private static String machine() {
        String cpu = "unknown CPU";
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            // not Linux: keep "unknown CPU"
        }
        return String.format(Locale.ROOT, "%s, %d cores, Java %s, %s, OPENBLAS_CORETYPE=%s", cpu, cores,
                System.getProperty("java.version"), System.getProperty("os.name"),
                System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A running {@link Worker}: one line in, one line out. */
    private static final class WorkerProcess {
        private final Process process;
        private final BufferedReader out;
        private final PrintWriter in;
        private final Config config;

        private WorkerProcess(Config config, Process process) {
            this.config = config;
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        }

        static WorkerProcess start(Config c, double trainSeconds, double inferSeconds, Path logs) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx2g", "-Djava.awt.headless=true",
                    "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=" + c.threads(),
                    "-Dai.djl.pytorch.num_interop_threads=1", "-cp", System.getProperty("java.class.path"),
                    Worker.class.getName(), c.impl(), Double.toString(trainSeconds), Double.toString(inferSeconds)));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            Map<String, String> env = pb.environment();
            env.put("OMP_NUM_THREADS", Integer.toString(c.threads()));
            env.put("MKL_NUM_THREADS", Integer.toString(c.threads()));
            env.putIfAbsent("PYTORCH_VERSION", "2.7.1");
            env.putIfAbsent("PYTORCH_FLAVOR", "cpu");
            env.putIfAbsent("DJL_CACHE_DIR", logs.getParent().resolve("djl-cache").toAbsolutePath().toString());
            pb.redirectError(logs.resolve(c.impl() + "-" + c.threads() + "t.log").toFile());
            WorkerProcess w = new WorkerProcess(c, pb.start());
            w.expect("READY");
            return w;
        }

        String ask(String command, String answerPrefix) throws IOException {
            in.println(command);
            return expect(answerPrefix);
        }

        private String expect(String prefix) throws IOException {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            throw new IOException("benchmark worker " + config.label() + " ended without '" + prefix
                    + "'; see its log under build/bench/logs/");
        }

        void stop() {
            in.println("quit");
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
            }
        }
    }
}
