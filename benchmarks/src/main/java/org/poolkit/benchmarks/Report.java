package org.poolkit.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** Writes a harness run: {@code results.md}, {@code results.csv}, {@code overhead.png}, {@code bandwidth.png},
 * {@code scaling.png}. */
final class Report {

    /** The subject of the pool baseline. */
    static final String BASELINE = "ForkJoinPool(2)";
    /** The subject of the kernel baseline. */
    static final String C_BASELINE = "C (gcc -O3 -march=native, 1 thread)";
    /** The subject of the render baseline: serial, JVM kernel. */
    static final String RENDER_BASELINE = "dummy jvm";

    private Report() {
    }

    /**
     * Adds each figure's cost relative to its baseline (higher is worse): time / baseline time, or baseline
     * bandwidth / bandwidth; kernels against C; renders as the serial time over this time (a speed-up).
     */
    static List<Result> withRatios(List<Result> results) {
        List<Result> out = new ArrayList<>();
        for (Result r : results) {
            double ratio = Double.NaN;
            switch (r.section()) {
                case "apply", "map" -> ratio = find(results, r.section(), BASELINE, r.param())
                        .map(b -> r.sample().median() / b.sample().median()).orElse(Double.NaN);
                case "push", "scatter" -> ratio = find(results, r.section(), BASELINE, r.param())
                        .map(b -> b.sample().median() / r.sample().median()).orElse(Double.NaN);
                case "kernel" -> ratio = find(results, "kernel", C_BASELINE, r.param())
                        .map(b -> r.sample().median() / b.sample().median()).orElse(Double.NaN);
                case "render" -> ratio = results.stream()
                        .filter(b -> b.section().equals("render") && b.subject().equals(RENDER_BASELINE)).findFirst()
                        .map(b -> b.sample().median() / r.sample().median()).orElse(Double.NaN);
                default -> { }
            }
            out.add(new Result(r.section(), r.subject(), r.param(), r.unit(), r.sample(), ratio, r.note()));
        }
        return out;
    }

    private static Optional<Result> find(List<Result> results, String section, String subject, String param) {
        return results.stream().filter(b -> b.section().equals(section) && b.subject().equals(subject)
                && b.param().equals(param)).findFirst();
    }

    static void write(Path dir, List<Result> results, Map<String, String> machine, List<String> notes,
                      List<String> failures) throws IOException {
        Files.writeString(dir.resolve("results.csv"), csv(results));
        Files.writeString(dir.resolve("results.md"), markdown(results, machine, notes, failures));
        plotOverhead(results, dir.resolve("overhead.png"));
        plotBandwidth(results, dir.resolve("bandwidth.png"));
        plotScaling(results, dir.resolve("scaling.png"));
    }

    private static String csv(List<Result> results) {
        StringBuilder b = new StringBuilder("section,subject,param,unit,median,min,max,repeats,cost_vs_baseline,note\n");
        for (Result r : results) {
            b.append(String.join(",", r.section(), quote(r.subject()), r.param(), quote(r.unit()),
                    num(r.sample().median()), num(r.sample().min()), num(r.sample().max()),
                    Integer.toString(r.sample().values().size()), num(r.ratio()), quote(r.note()))).append('\n');
        }
        return b.toString();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    /** A figure with its spread: {@code 1.23 [1.1–1.4]}. */
    private static String cell(Result r) {
        Sample s = r.sample();
        String text = fmt(s.median());
        if (s.values().size() > 1) {
            text += " [" + fmt(s.min()) + "–" + fmt(s.max()) + "]";
        }
        if (!Double.isNaN(r.ratio())) {
            text += " (" + ratio(r.ratio()) + "×)";
        }
        return text;
    }

    /** A duration given in ns, in the unit that reads best. */
    private static String nanos(double ns) {
        return ns >= 1e6 ? fmt(ns / 1e6) + " ms" : ns >= 1e3 ? fmt(ns / 1e3) + " µs" : fmt(ns) + " ns";
    }

    private static String ratio(double v) {
        return v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : v >= 1 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2g", v);
    }

    private static String fmt(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return a >= 100 ? String.format(Locale.ROOT, "%.0f", v) : a >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String markdown(List<Result> results, Map<String, String> machine, List<String> notes,
                                   List<String> failures) {
        StringBuilder b = new StringBuilder("# poolkit benchmark results\n\n");
        b.append("Written by `org.poolkit.benchmarks.Harness` (command in the README). Each cell: median [lowest–"
                + "highest] of the repeats, then (×) the cost relative to the section's baseline, measured in the same"
                + " run: time ÷ baseline time, or baseline bandwidth ÷ bandwidth (higher is worse); renders show the"
                + " speed-up over `dummy` with the JVM kernel instead.\n\n");
        b.append("## Machine\n\n| | |\n|---|---|\n");
        machine.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v.replace("|", "/")).append(" |\n"));
        b.append("\n## Headlines\n\n");
        headlines(results).forEach(h -> b.append("- ").append(h).append('\n'));
        b.append("\n## `apply` round trip (µs; spread: 10th–90th percentile)\n\n| subject | median [p10–p90] (×) |\n"
                + "|---|---|\n");
        for (Result r : section(results, "apply")) {
            Sample s = r.sample();
            b.append("| ").append(r.subject()).append(" | ").append(fmt(s.median())).append(" [")
                    .append(fmt(s.quantile(0.1))).append("–").append(fmt(s.quantile(0.9))).append("]")
                    .append(Double.isNaN(r.ratio()) ? "" : " (" + ratio(r.ratio()) + "×)")
                    .append(" |\n");
        }
        pivot(b, results, "map", "`map` of no-op items: ns per item", "items");
        pivot(b, results, "push", "`push` of a `double[]`: MB/s per worker (each worker receives the whole array)",
                "MB");
        pivot(b, results, "scatter", "`scatterArray`: MB/s per worker (each receives its share)", "MB");
        b.append("\n## Lens kernel, one thread (ns per pixel·lens; × = time ÷ C)\n\n| kernel | grid | figure | note |\n"
                + "|---|---|---|---|\n");
        for (Result r : section(results, "kernel")) {
            b.append("| ").append(r.subject()).append(" | ").append(r.param()).append(" | ").append(cell(r))
                    .append(" | ").append(r.note()).append(" |\n");
        }
        b.append("\n## Render of the example scene (s; × = speed-up over `dummy` with the JVM kernel)\n\n"
                + "| pool and kernel | workers | seconds | note |\n|---|---|---|---|\n");
        for (Result r : section(results, "render")) {
            b.append("| ").append(r.subject()).append(" | ").append(r.param()).append(" | ").append(cell(r))
                    .append(" | ").append(r.note()).append(" |\n");
        }
        b.append("\n## Scaling: speed-up from 1 to 2 workers\n\n| pool | kernel | 1 worker (s) | 2 workers (s) |"
                + " speed-up | efficiency |\n|---|---|---|---|---|---|\n");
        for (String[] row : scaling(results)) {
            b.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        b.append("\n## Notes\n\n");
        Stream.concat(notes.stream(), failures.stream().map(f -> "FAILED: " + f))
                .forEach(n -> b.append("- ").append(n).append('\n'));
        if (notes.isEmpty() && failures.isEmpty()) {
            b.append("- every pool, peer and kernel was present\n");
        }
        return b.toString();
    }

    private static List<Result> section(List<Result> results, String section) {
        return results.stream().filter(r -> r.section().equals(section)).toList();
    }

    private static void pivot(StringBuilder b, List<Result> results, String section, String title, String param) {
        List<Result> rows = section(results, section);
        Set<String> params = new LinkedHashSet<>();
        rows.stream().map(Result::param).sorted(Comparator.comparingLong(Long::parseLong)).forEach(params::add);
        Set<String> subjects = new LinkedHashSet<>();
        rows.forEach(r -> subjects.add(r.subject()));
        b.append("\n## ").append(title).append("\n\n| subject |");
        params.forEach(p -> b.append(' ').append(p).append(' ').append(param).append(" |"));
        b.append("\n|---|");
        params.forEach(p -> b.append("---|"));
        b.append('\n');
        for (String subject : subjects) {
            b.append("| ").append(subject).append(" |");
            for (String p : params) {
                b.append(' ').append(find(rows, section, subject, p).map(Report::cell).orElse("—")).append(" |");
            }
            b.append('\n');
        }
    }

    /** Rows of the scaling table: pool family, kernel, t1, t2, speed-up, efficiency. */
    static List<String[]> scaling(List<Result> results) {
        Map<String, Result[]> pairs = new LinkedHashMap<>();
        for (Result r : section(results, "render")) {
            String[] parts = r.subject().split(" ");
            String family = parts[0].split(":")[0];
            if (family.equals("dummy")) {
                continue;
            }
            Result[] pair = pairs.computeIfAbsent(family + " " + parts[1], k -> new Result[2]);
            int workers = Integer.parseInt(r.param());
            if (workers == 1 || workers == 2) {
                pair[workers - 1] = r;
            }
        }
        List<String[]> rows = new ArrayList<>();
        pairs.forEach((key, pair) -> {
            if (pair[0] != null && pair[1] != null) {
                double speedup = pair[0].sample().median() / pair[1].sample().median();
                String[] k = key.split(" ");
                rows.add(new String[] {k[0], k[1], fmt(pair[0].sample().median()), fmt(pair[1].sample().median()),
                        String.format(Locale.ROOT, "%.2f", speedup), String.format(Locale.ROOT, "%.0f%%",
                        50 * speedup)});
            }
        });
        return rows;
    }

    private static List<String> headlines(List<Result> results) {
        List<String> lines = new ArrayList<>();
        List<Result> map = section(results, "map");
        Optional<String> common = map.stream().filter(r -> r.subject().startsWith("dask")).map(Result::param)
                .max(Comparator.comparingLong(Long::parseLong));
        String size = common.orElse("10000");
        for (String subject : List.of("akka:workers=2", "akka-cluster:workers=2", "mpi:np=3")) {
            find(map, "map", subject, size).ifPresent(r -> {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                        "`map` overhead of `%s` at %s items: %s per item = %s× ForkJoinPool", subject, size,
                        nanos(r.sample().median()), ratio(r.ratio())));
                for (String peer : List.of("dask", "mpi4py", "mpi4py-chunked")) {
                    find(map, "map", peer, size).ifPresent(p -> line.append(String.format(Locale.ROOT,
                            "; %s %s per item (%s× ours)", peer, nanos(p.sample().median()),
                            ratio(p.sample().median() / r.sample().median()))));
                }
                lines.add(line.toString());
            });
        }
        section(results, "kernel").stream().filter(r -> r.subject().startsWith("JVM")).findFirst().ifPresent(r ->
                lines.add(String.format(Locale.ROOT, "JVM lens kernel: %s ns per pixel·lens = %.2f× the time of C",
                        fmt(r.sample().median()), r.ratio())));
        for (String[] row : scaling(results)) {
            lines.add(String.format(Locale.ROOT, "render speed-up on 2 workers, %s/%s: %s (efficiency %s)", row[0],
                    row[1], row[4], row[5]));
        }
        if (lines.isEmpty()) {
            lines.add("no figures (see Notes)");
        }
        return lines;
    }

    private static void plotOverhead(List<Result> results, Path file) throws IOException {
        plotXY(results, "map", "map: overhead per no-op item", "items per map", "ns per item", file);
    }

    private static void plotBandwidth(List<Result> results, Path file) throws IOException {
        plotXY(results, "push", "push: bandwidth per worker", "MB pushed", "MB/s per worker", file);
    }

    /** A log-log chart of one section's medians against its parameter, a series per subject. */
    private static void plotXY(List<Result> results, String section, String title, String xTitle, String yTitle,
                               Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true)
                .setLegendPosition(Styler.LegendPosition.OutsideS).setMarkerSize(7);
        series(results, section, chart);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void series(List<Result> results, String section, XYChart chart) {
        Map<String, List<Result>> bySubject = new LinkedHashMap<>();
        section(results, section).forEach(r -> bySubject.computeIfAbsent(r.subject(), k -> new ArrayList<>()).add(r));
        bySubject.forEach((subject, rows) -> {
            List<Result> sorted = rows.stream().sorted(Comparator.comparingLong(r -> Long.parseLong(r.param())))
                    .toList();
            double[] x = sorted.stream().mapToDouble(r -> Double.parseDouble(r.param())).toArray();
            double[] y = sorted.stream().mapToDouble(r -> Math.max(1e-3, r.sample().median())).toArray();
            chart.addSeries(subject, x, y);
        });
        if (bySubject.isEmpty()) {
            chart.addSeries("no figures", new double[] {1}, new double[] {1});
        }
    }

    private static void plotScaling(List<Result> results, Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(600)
                .title("render of the example scene: speed-up from 1 to 2 workers").xAxisTitle("pool")
                .yAxisTitle("speed-up").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        List<String[]> rows = scaling(results);
        Set<String> kernels = new LinkedHashSet<>();
        Set<String> pools = new LinkedHashSet<>();
        rows.forEach(r -> {
            pools.add(r[0]);
            kernels.add(r[1]);
        });
        for (String kernel : kernels) {
            List<String> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (String pool : pools) {
                x.add(pool);
                y.add(rows.stream().filter(r -> r[0].equals(pool) && r[1].equals(kernel)).findFirst()
                        .map(r -> Double.parseDouble(r[4])).orElse(0.0));
            }
            chart.addSeries(kernel, x, y);
        }
        if (rows.isEmpty()) {
            chart.addSeries("no figures", List.of("none"), List.of(0.0));
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
