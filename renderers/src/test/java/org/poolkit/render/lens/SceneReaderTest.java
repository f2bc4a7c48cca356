package org.poolkit.render.lens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SceneReaderTest {

    private static final String VALID = """
            { "distances": {"Dd_Mpc": 1000, "Ds_Mpc": 1700, "Dds_Mpc": 1100},
              "lenses": [ {"type": "plummer", "mass_Msun": 1e13, "width_arcsec": 3, "x_arcsec": 1.5, "y_arcsec": -2},
                          {"type": "sis", "sigma_kms": 250, "x_arcsec": 0, "y_arcsec": 0},
                          {"type": "pointmass", "mass_Msun": 1e11, "x_arcsec": -4, "y_arcsec": 3},
                          {"type": "nsie", "sigma_kms": 220, "axis_ratio": 0.7, "core_arcsec": 0.1, "angle_deg": 30,
                           "x_arcsec": 0, "y_arcsec": 0},
                          {"type": "composite", "x_arcsec": 0, "y_arcsec": 0, "angle_deg": 0, "factor": 1,
                           "lenses": [ {"type": "plummer", "mass_Msun": 1e12, "width_arcsec": 1},
                                       {"type": "plummer", "mass_Msun": 2e12, "width_arcsec": 2, "x_arcsec": 3} ]} ],
              "grid": {"xmin_arcsec": -20, "xmax_arcsec": 20, "ymin_arcsec": -20, "ymax_arcsec": 20,
                       "nx": 512, "ny": 256},
              "source": {"type": "gaussian", "x_arcsec": 0.5, "y_arcsec": 0, "sigma_arcsec": 0.3} }
            """;

    @Test
    void parse_issueExample_readsEveryField() {
        Scene scene = SceneReader.parse(VALID);
        assertEquals(1000 * Physics.MPC_METERS, scene.distances().ddMeters());
        assertEquals(5, scene.lenses().size());
        PlummerLens plummer = assertInstanceOf(PlummerLens.class, scene.lenses().get(0).model());
        assertEquals(1e13 * Physics.SOLAR_MASS_KG, plummer.massKg());
        assertEquals(-2, scene.lenses().get(0).yArcsec());
        NsieLens nsie = assertInstanceOf(NsieLens.class, scene.lenses().get(3).model());
        assertEquals(0.7, nsie.axisRatio());
        assertEquals(30, scene.lenses().get(3).angleDeg());
        CompositeLens composite = assertInstanceOf(CompositeLens.class, scene.lenses().get(4).model());
        assertEquals(2, composite.parts().size());
        assertEquals(new Grid(-20, 20, -20, 20, 512, 256), scene.grid());
        assertEquals(new GaussianSource(0.5, 0, 0.3), scene.source());
        assertEquals(6, LensPlane.of(scene).leafCount());
    }

    @Test
    void read_hoconFile_accepted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scene.conf");
        Files.writeString(file, """
                # HOCON: comments, unquoted keys
                distances { Dd_Mpc = 1000, Ds_Mpc = 1700, Dds_Mpc = 1100 }
                lenses = [ { type = sis, sigma_kms = 250 } ]
                grid { xmin_arcsec = -1, xmax_arcsec = 1, ymin_arcsec = -1, ymax_arcsec = 1, nx = 3, ny = 3 }
                """);
        Scene scene = SceneReader.read(file);
        assertInstanceOf(SisLens.class, scene.lenses().get(0).model());
        assertEquals(null, scene.source());
    }

    private static void rejected(String from, String to, String path, String... words) {
        String text = VALID.replace(from, to);
        assertTrue(!text.equals(VALID), "test replaced nothing: " + from);
        SceneException e = assertThrows(SceneException.class, () -> SceneReader.parse(text));
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.getMessage().startsWith(path + ": "), e.getMessage());
        for (String word : words) {
            assertTrue(e.getMessage().contains(word), "message '" + e.getMessage() + "' lacks '" + word + "'");
        }
    }

    @Test
    void parse_unknownLensType_namesPathAndAllowedTypes() {
        rejected("\"type\": \"pointmass\"", "\"type\": \"blackhole\"", "lenses[2].type", "blackhole",
                "pointmass, sis, plummer, nsie, composite");
    }

    @Test
    void parse_missingField_namesPath() {
        rejected("\"type\": \"pointmass\", \"mass_Msun\": 1e11,", "\"type\": \"pointmass\",", "lenses[2].mass_Msun",
                "missing");
    }

    @Test
    void parse_negativeField_namesPath() {
        rejected("\"sigma_kms\": 250", "\"sigma_kms\": -250", "lenses[1].sigma_kms", "positive", "-250");
    }

    @Test
    void parse_nestedField_namesFullPath() {
        rejected("\"width_arcsec\": 2,", "\"width_arcsec\": 0,", "lenses[4].lenses[1].width_arcsec", "positive");
    }

    @Test
    void parse_nxBelowTwo_namesPath() {
        rejected("\"nx\": 512", "\"nx\": 1", "grid.nx", "from 2");
    }

    @Test
    void parse_ddsNotLessThanDs_namesPath() {
        rejected("\"Dds_Mpc\": 1100", "\"Dds_Mpc\": 1700", "distances.Dds_Mpc", "less than Ds_Mpc");
    }

    @Test
    void parse_axisRatioOne_refusedWithAdvice() {
        rejected("\"axis_ratio\": 0.7", "\"axis_ratio\": 1", "lenses[3].axis_ratio", "sis or plummer");
    }

    @Test
    void parse_typoInFieldName_refused() {
        rejected("\"mass_Msun\": 1e11", "\"mass_msun\": 1e11", "lenses[2].mass_msun", "unknown field", "mass_Msun");
    }

    @Test
    void parse_wrongValueType_namesPath() {
        rejected("\"nx\": 512", "\"nx\": \"many\"", "grid.nx", "number");
        rejected("\"type\": \"gaussian\"", "\"type\": \"disc\"", "source.type", "gaussian");
    }

    @Test
    void parse_xmaxNotAboveXmin_namesPath() {
        rejected("\"xmax_arcsec\": 20", "\"xmax_arcsec\": -30", "grid.xmax_arcsec", "greater than xmin_arcsec");
    }

    @Test
    void read_missingFileOrBadSyntax_says(@TempDir Path dir) throws Exception {
        SceneException missing = assertThrows(SceneException.class, () -> SceneReader.read(dir.resolve("no.json")));
        assertTrue(missing.getMessage().contains("no.json"), missing.getMessage());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{ \"distances\": ");
        SceneException syntax = assertThrows(SceneException.class, () -> SceneReader.read(bad));
        assertTrue(syntax.getMessage().contains("cannot parse"), syntax.getMessage());
    }
}
