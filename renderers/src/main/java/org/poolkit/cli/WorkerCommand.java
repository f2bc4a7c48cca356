package org.poolkit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.poolkit.akka.AkkaWorker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code poolkit worker}: joins an {@code akka-cluster} pool started with {@code launch=false}. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Joins an akka-cluster pool as one of its workers (start the pool with launch=false,",
                "then one 'poolkit worker' per worker, on any machine that reaches the caller).",
                "Exits with 0 when the pool closes, 2 if no pool welcomes it in time, 3 when the caller is lost."})
final class WorkerCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", required = true, paramLabel = "HOST:PORT",
            description = "The caller's address: host and port of the pool's spec.")
    private String seed;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "The address the caller reaches this worker at (default poolkit.akka.cluster.worker-host).")
    private String host;

    @Override
    public Integer call() {
        if (!seed.matches("[^:]+:\\d{1,5}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seed must be HOST:PORT, got '" + seed
                    + "'");
        }
        List<String> args = new ArrayList<>(List.of("--seed", seed));
        if (host != null) {
            args.addAll(List.of("--host", host));
        }
        AkkaWorker.main(args.toArray(String[]::new));
        return 0;
    }
}
