package io.converge.app;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

/**
 * The one entry point of {@code converge}. Every command but {@code run} is a short-lived client: it opens no
 * listening port (the HTTP server, with health and metrics, is only for the operator) and logs only warnings.
 */
@QuarkusMain
public class Main implements QuarkusApplication {

    @Inject
    CommandLine.IFactory factory;

    public static void main(String... args) {
        if (args.length == 0 || !"run".equals(args[0])) {
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("quarkus.log.level", System.getProperty("quarkus.log.level", "WARN"));
            System.setProperty("quarkus.scheduler.enabled", "false");
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
