package org.poolkit.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static Result r(String section, String subject, String param, double... values) {
        List<Double> list = new ArrayList<>();
        for (double v : values) {
            list.add(v);
        }
        return new Result(section, subject, param, "u", new Sample(list), Double.NaN, "");
    }

    @Test
    void sample_medianAndSpread() {
        Sample s = new Sample(List.of(5.0, 1.0, 3.0, 2.0));
        assertEquals(2.5, s.median());
        assertEquals(1.0, s.min());
        assertEquals(5.0, s.max());
        assertEquals(3.0, new Sample(List.of(3.0, 1.0, 9.0)).median());
        assertEquals(10.0, s.map(v -> v * 2).max());
    }

    @Test
    void withRatios_costRelativeToTheBaselineOfTheSameParameter() {
        List<Result> results = Report.withRatios(List.of(
                r("map", Report.BASELINE, "1000", 20), r("map", "akka:workers=2", "1000", 100, 110, 90),
                r("push", Report.BASELINE, "10", 4000), r("push", "mpi:np=3", "10", 200),
                r("kernel", Report.C_BASELINE, "256²", 2), r("kernel", "JVM", "256²", 3),
                r("render", Report.RENDER_BASELINE, "1", 6), r("render", "akka:workers=2 jvm", "2", 3),
                r("render", "akka:workers=1 jvm", "1", 5.5)));
        assertEquals(5.0, results.get(1).ratio(), 1e-12, "time ÷ baseline time");
        assertEquals(20.0, results.get(3).ratio(), 1e-12, "baseline bandwidth ÷ bandwidth");
        assertEquals(1.5, results.get(5).ratio(), 1e-12, "JVM ÷ C");
        assertEquals(2.0, results.get(7).ratio(), 1e-12, "speed-up over dummy");
        List<String[]> scaling = Report.scaling(results);
        assertEquals(1, scaling.size());
        assertEquals("akka", scaling.get(0)[0]);
        assertEquals("1.83", scaling.get(0)[4]);
        assertEquals("92%", scaling.get(0)[5]);
    }

    @Test
    void write_markdownCsvAndPlots(@TempDir Path dir) throws Exception {
        List<Result> results = Report.withRatios(List.of(
                r("apply", Report.BASELINE, "", 10, 12, 30), r("apply", "dask", "", 900, 1000),
                r("map", Report.BASELINE, "1000", 20), r("map", Report.BASELINE, "10000", 15),
                r("map", "dask", "1000", 300000), r("map", "akka:workers=2", "1000", 100),
                r("push", Report.BASELINE, "1", 4000), r("push", "dask", "1", 100),
                r("render", Report.RENDER_BASELINE, "1", 6), r("render", "mpi:np=2 opencl", "1", 5),
                r("render", "mpi:np=3 opencl", "2", 3)));
        Map<String, String> machine = new LinkedHashMap<>(Map.of("cores", "2"));
        Report.write(dir, results, machine, List.of("absent: mpi4py (test)"), List.of());
        String md = Files.readString(dir.resolve("results.md"));
        for (String text : List.of("## Machine", "| cores | 2 |", "## Headlines", "`map` overhead of"
                + " `akka:workers=2` at 1000 items: 100 ns per item = 5.0× ForkJoinPool; dask 300 µs per item (3000×"
                + " ours)", "| mpi | opencl | 5.00"
                + " | 3.00 | 1.67 | 83% |", "absent: mpi4py (test)", "| dask | 300000 (15000×) | — |")) {
            assertTrue(md.contains(text), "'" + text + "' missing from\n" + md);
        }
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals("section,subject,param,unit,median,min,max,repeats,cost_vs_baseline,note", csv.get(0));
        assertEquals(results.size() + 1, csv.size());
        for (String png : List.of("overhead.png", "bandwidth.png", "scaling.png")) {
            assertEquals(900, ImageIO.read(dir.resolve(png).toFile()).getWidth(), png);
        }
    }
}
