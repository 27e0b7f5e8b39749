package io.converge.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The entry point of every {@code converge} command but {@code run}: plain picocli, the JDK's HTTP client and
 * Jackson, no Quarkus runtime (no CDI container, no Vert.x, no HTTP server, no scheduler), so that a command
 * starts and finishes in a fraction of a second. {@code bin/converge} starts {@code run} as the Quarkus
 * application and everything else here; {@code io.converge.app.Main} forwards here too, for {@code java -jar}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String... args) {
        // the libraries' logging (docker-java, the schema validator) goes nowhere: stderr is for the command's errors
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        System.exit(execute(new PrintWriter(System.out), new PrintWriter(System.err), args));
    }

    /** Runs one command; returns its exit code (0 ok, 1 failure, 2 usage or validation error). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out).setErr(err);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static CommandLine commandLine() {
        return new CommandLine(new ConvergeCli()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // one line that says what failed, not a stack trace
                    cmd.getErr().println("converge " + cmd.getCommandName() + ": " + e.getMessage());
                    return 1;
                });
    }
}
