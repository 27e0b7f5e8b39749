package io.converge.app;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

/**
 * The entry point of {@code java -jar quarkus-run.jar}. {@code run} boots Quarkus and starts the operator;
 * {@code handover-guard}, which a stopping {@code run} starts with its own JVM arguments, boots Quarkus too, but
 * without the HTTP server and the scheduler: it runs while the stopping {@code run} still holds the operator's
 * port, and opens no port of its own. Every other command is a short-lived client handed to
 * {@link io.converge.cli.Main} without booting Quarkus at all (no CDI, no HTTP server, no listening port), so that
 * it starts in a fraction of a second.
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
        if (!"run".equals(args[0])) {
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("quarkus.scheduler.enabled", "false");
            System.setProperty("quarkus.log.level", System.getProperty("quarkus.log.level", "WARN"));
            System.setProperty("quarkus.log.console.stderr", "true"); // stdout is the command's output only
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
