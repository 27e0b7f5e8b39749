package io.converge.app;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

/**
 * The entry point of {@code java -jar quarkus-run.jar}. {@code run} boots Quarkus and starts the operator (as does
 * {@code handover-guard}, which a stopping {@code run} starts with its own JVM arguments); every
 * other command is a short-lived client handed to {@link io.converge.cli.Main} without booting Quarkus at all
 * (no CDI, no HTTP server, no listening port), so that it starts in a fraction of a second.
 */
@QuarkusMain
public class Main implements QuarkusApplication {

    /** The commands that are the operator (Quarkus): {@code run}, and the handover guard a stopping run starts. */
    static final java.util.Set<String> OPERATOR = java.util.Set.of("run", "handover-guard");

    @Inject
    CommandLine.IFactory factory;

    public static void main(String... args) {
        if (args.length == 0 || !OPERATOR.contains(args[0])) {
            io.converge.cli.Main.main(args);
            return;
        }
        Quarkus.run(Main.class, args);
    }

    @Override
    public int run(String... args) {
        return new CommandLine(ConvergeCommand.class, factory).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // one line that says what failed, not a stack trace
                    cmd.getErr().println("converge " + cmd.getCommandName() + ": " + e.getMessage());
                    return 1;
                })
                .execute(args);
    }
}
