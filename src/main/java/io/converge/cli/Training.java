package io.converge.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run of the client's start-up caches ({@code deploy/dev/build.sh}): one JVM that runs each client
 * command once, so that the AOT cache (or CDS archive) holds what every command loads. Arguments: a directory of
 * example documents and a throwaway KV prefix (every key written under it is deleted again); without a
 * reachable agent the commands that need one fail, and validation, help and completion are still trained.
 */
public final class Training {
    private Training() {
    }

    public static void main(String... args) {
        String examples = args[0];
        System.setProperty("converge.kv.prefix", args[1]);
        PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream());
        List<String[]> commands = new ArrayList<>(List.of(
                new String[] {"--help"}, new String[] {"get", "--help"}, new String[] {"completion"},
                new String[] {"validate", "-f", examples}, new String[] {"apply", "-f", examples, "--dry-run"},
                new String[] {"apply", "-f", examples}, new String[] {"get", "svc"},
                new String[] {"get", "svc", "-o", "wide"}, new String[] {"get", "svc", "-o", "json"},
                new String[] {"get", "svc", "-o", "yaml"}, new String[] {"describe", "svc", "hello"},
                new String[] {"locks"}, new String[] {"get", "nosuchkind"}));
        for (String kind : List.of("svc", "pf", "route", "dns")) {
            commands.add(new String[] {"get", kind});
        }
        for (String[] command : commands) {
            Main.execute(sink, sink, command);
        }
    }
}
