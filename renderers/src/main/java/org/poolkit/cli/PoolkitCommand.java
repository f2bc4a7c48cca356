package org.poolkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code poolkit} command: {@code render} a lens scene on any pool, list the {@code pools}, or run as a
 * {@code worker} of an {@code akka-cluster} pool.
 *
 * <pre>
 * java -jar renderers/target/poolkit/poolkit.jar render renderers/scenes/cluster.json --out out/cluster
 * java -jar renderers/target/poolkit/poolkit.jar pools
 * java -jar renderers/target/poolkit/poolkit.jar worker --seed HOST:PORT
 * </pre>
 *
 * @since 0.1
 */
@Command(name = "poolkit", mixinStandardHelpOptions = true, versionProvider = PoolkitCommand.Version.class,
        description = "Hands work to a pool of workers (one thread, a multicore JVM, an Akka cluster, MPI ranks)"
                + " and renders gravitational-lens scenes on it.",
        subcommands = {RenderCommand.class, PoolsCommand.class, WorkerCommand.class,
                CommandLine.HelpCommand.class})
public final class PoolkitCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its code: 0 done, 1 the work failed, 2 bad arguments or scene.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * Returns the command line, for embedding and tests.
     *
     * @return a new command line
     */
    public static CommandLine commandLine() {
        return new CommandLine(new PoolkitCommand()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, commandLine, parsed) -> {
                    StringBuilder message = new StringBuilder("poolkit ").append(commandLine.getCommandName())
                            .append(" failed: ").append(e.getMessage() == null ? e.toString() : e.getMessage());
                    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                        message.append(System.lineSeparator()).append("  caused by: ").append(cause);
                    }
                    commandLine.getErr().println(message);
                    commandLine.getErr().flush();
                    return 1;
                });
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: render, pools or worker");
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PoolkitCommand.class.getPackage().getImplementationVersion();
            return new String[] {"poolkit " + (version == null ? "(development build)" : version)};
        }
    }
}
