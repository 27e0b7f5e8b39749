package io.converge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.converge.model.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run of one of the client's start-up caches ({@code deploy/dev/build.sh} through {@code bin/converge}):
 * one JVM that runs a command's usual invocations once, so that its AOT cache holds what that command loads and no
 * more: a JVM maps and links every class of its cache at start, so a cache trained on every command costs
 * {@code converge get} about 0.1 s of CPU for classes it never uses. One cache per command {@code bin/converge}
 * names ({@code get}, {@code describe}, {@code delete}, {@code locks}, {@code apply}, {@code validate},
 * {@code sync}), and {@code all} for everything else (help, completion, fence, usage errors, {@code -o json|yaml}).
 * Arguments: the command (or {@code all}), a directory of example documents and a throwaway KV prefix (every key
 * written under it is deleted again by build.sh). Without a reachable agent the commands that need one fail, and
 * what runs offline is still trained.
 */
public final class Training {
    private Training() {
    }

    public static void main(String... args) {
        String command = args[0];
        String examples = args[1];
        System.setProperty("converge.kv.prefix", args[2]);
        PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream());
        if (!command.equals("validate")) {
            seed(Path.of(examples));   // documents to list and describe, without loading what apply loads
        }
        for (String[] line : lines(command, examples)) {
            Main.execute(sink, sink, line);
        }
    }

    private static List<String[]> lines(String command, String examples) {
        List<String[]> lines = new ArrayList<>();
        if (command.equals("get") || command.equals("all")) {
            for (String kind : List.of("svc", "pf", "route", "dns")) {
                lines.add(new String[] {"get", kind});
            }
            lines.add(new String[] {"get", "svc", "-o", "wide"});
            lines.add(new String[] {"get", "svc", "hello"});
        }
        if (command.equals("describe") || command.equals("all")) {
            lines.add(new String[] {"describe", "svc", "hello"});
            lines.add(new String[] {"describe", "dns", "hello"});
        }
        if (command.equals("locks") || command.equals("all")) {
            lines.add(new String[] {"locks"});
        }
        if (command.equals("validate") || command.equals("all")) {
            lines.add(new String[] {"validate", "-f", examples});
        }
        if (command.equals("apply") || command.equals("all")) {
            lines.add(new String[] {"apply", "-f", examples, "--dry-run"});
            lines.add(new String[] {"apply", "-f", examples});
        }
        if (command.equals("sync") || command.equals("all")) {
            lines.add(new String[] {"sync", examples, "--dry-run"});
        }
        if (command.equals("delete") || command.equals("all")) {
            lines.add(new String[] {"delete", "svc", "no-such-service"});
            lines.add(new String[] {"delete", "dns", "hello"});
        }
        if (command.equals("all")) {
            lines.addAll(List.of(new String[] {"get", "svc", "-o", "json"}, new String[] {"get", "svc", "-o", "yaml"},
                    new String[] {"--help"}, new String[] {"get", "--help"}, new String[] {"completion"},
                    new String[] {"get"}, new String[] {"get", "nosuchkind"},
                    new String[] {"fence", "--node", "no-such-node"}));
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("no training for " + command);
        }
        return lines;
    }

    /** The example documents as specs, and a status document beside the example Service as the operator writes one. */
    private static void seed(Path examples) {
        String status = "{\"observedGeneration\":1,\"phase\":\"Running\",\"message\":\"1/1 instance passing\","
                + "\"conditions\":[{\"type\":\"Valid\",\"status\":\"True\",\"reason\":\"SchemaOk\",\"message\":\"\","
                + "\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}],"
                + "\"nodes\":{\"training\":{\"role\":\"active\",\"containerId\":\"0123456789abcdef\"}}}";
        try (Stream<Path> files = Files.list(examples)) {
            CliSettings settings = CliSettings.current();
            Kv kv = new Kv(new ConsulHttp(settings.consul()));
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String document = Files.readString(file);
                JsonNode tree = JsonTrees.read(document);
                Kind.parse(tree.path("kind").asText()).ifPresent(kind -> kv.putCas(
                        settings.paths().spec(kind, tree.path("metadata").path("name").asText()), document, 0));
            }
            kv.putCas(settings.paths().status(Kind.SERVICE, "hello"), status, 0);
        } catch (IOException | RuntimeException e) {
            // no agent: the offline commands are still trained
        }
    }
}
