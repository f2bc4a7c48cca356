package org.poolkit.cli;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.poolkit.api.WorkerPools;
import org.poolkit.spi.WorkerPoolProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code poolkit pools}: the pools on the class path, their spec keys and the default. */
@Command(name = "pools", mixinStandardHelpOptions = true,
        description = "Lists the pools available here with the keys of their specs (NAME:key=value,...).")
final class PoolsCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<WorkerPoolProvider> providers = ServiceLoader.load(WorkerPoolProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(WorkerPoolProvider::defaultPriority).reversed()
                        .thenComparing(WorkerPoolProvider::id))
                .toList();
        String defaultId = WorkerPools.defaultSpec().split(":", 2)[0].trim();
        for (WorkerPoolProvider provider : providers) {
            boolean isDefault = provider.id().equalsIgnoreCase(defaultId);
            out.printf("%s%s%n", provider.id(), isDefault ? "  (default)" : "");
            for (Map.Entry<String, String> key : new TreeMap<>(provider.keys()).entrySet()) {
                out.printf("    %-16s %s%n", key.getKey(), key.getValue());
            }
        }
        out.println("Choose one with --pool NAME[:key=value,...], -Dpoolkit.pool=..., POOLKIT_POOL or"
                + " poolkit.pool in application.conf.");
        out.flush();
        return 0;
    }
}
