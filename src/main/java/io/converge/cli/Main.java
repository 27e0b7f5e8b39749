package io.converge.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
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

    /**
     * Runs one command; returns its exit code (0 ok, 1 failure, 2 usage or validation error). An everyday line is
     * bound by {@link QuickLine} and runs without building picocli's model; every other goes through picocli.
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        int code = QuickLine.bind(args)
                .map(command -> run(command.streams(out, err), args[0], err))
                .orElseGet(() -> commandLine().setOut(out).setErr(err).execute(args));
        out.flush();
        err.flush();
        return code;
    }

    static CommandLine commandLine() {
        return new CommandLine(new ConvergeCli()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> failed(e, cmd.getCommandName(), cmd.getErr()));
    }

    private static int run(ClientCommand command, String name, PrintWriter err) {
        try {
            return ((Callable<?>) command).call() instanceof Integer code ? code : 0;
        } catch (Exception e) {
            return failed(e, name, err);
        }
    }

    /** One line that says what failed, not a stack trace; a usage error adds the command's usage. */
    private static int failed(Exception e, String name, PrintWriter err) {
        if (e instanceof UsageError) {
            err.println(e.getMessage());
            commandLine().getSubcommands().get(name).usage(err);
            return 2;
        }
        err.println("converge " + name + ": " + e.getMessage());
        return 1;
    }
}
