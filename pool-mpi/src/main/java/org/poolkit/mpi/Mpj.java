package org.poolkit.mpi;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.poolkit.api.PoolException;

/** Where MPJ Express is: {@code poolkit.mpi.home}, else {@code MPJ_HOME}, else Debian's {@code /usr/share/mpj}. */
final class Mpj {

    private Mpj() {
    }

    static Path home(MpiSettings settings) {
        String configured = settings.home();
        String env = System.getenv("MPJ_HOME");
        Path home = Path.of(!configured.isBlank() ? configured : env != null && !env.isBlank() ? env : "/usr/share/mpj");
        if (!Files.isRegularFile(home.resolve("lib").resolve("mpj.jar"))) {
            throw new PoolException("MPJ Express not found: no lib/mpj.jar under " + home + "; install Debian's"
                    + " libmpj-java (apt-get install libmpj-java) or set MPJ_HOME / poolkit.mpi.home");
        }
        return home;
    }

    /** The class path of a rank process: the application's, then MPJ's jars. */
    static String classPath(MpiSettings settings, String applicationClassPath) {
        List<String> entries = new ArrayList<>();
        entries.add(applicationClassPath);
        entries.add(home(settings).resolve("lib").resolve("mpj.jar").toString());
        for (String jar : settings.extraJars()) {
            if (Files.isRegularFile(Path.of(jar))) {
                entries.add(jar);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
