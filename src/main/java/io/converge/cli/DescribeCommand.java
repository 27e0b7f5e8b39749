package io.converge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.converge.model.Kind;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code converge describe KIND NAME}: spec, status, conditions, nodes and the lock holder. */
@Command(name = "describe", mixinStandardHelpOptions = true, description = "Show a resource's spec, status, conditions and lock holder.")
public class DescribeCommand extends ClientCommand implements Callable<Integer>, QuickLine.Bindable {

    @Parameters(index = "0", description = "kind: Service, services, svc, pf, route, dns, ...")
    String kindText;

    @Parameters(index = "1", description = "name")
    String name;

    @Override
    public boolean bind(QuickLine.Parsed line) {
        kindText = line.arg(0);
        name = line.arg(1);
        return true;
    }

    @Override
    public Integer call() throws Exception {
        Kind kind = kind(kindText);
        Kv kv = kv();
        var found = ResourceView.one(kv, paths(), kind, name);
        if (found.isEmpty()) {
            err().printf("%s \"%s\" not found%n", kind.kindName(), name);
            return 1;
        }
        ResourceView v = found.get();
        PrintWriter out = out();
        out.printf("Name:        %s%nKind:        %s%nKey:         %s%nGeneration:  %s%nPhase:       %s%n",
                name, kind.kindName(), paths().spec(kind, name), v.generation(), v.phase());
        v.status().ifPresent(s -> out.printf("Observed:    %s%nMessage:     %s%n", v.observed(), v.message()));
        if (kind == Kind.SERVICE) {
            out.printf("Lock:        %s%n", lockHolder(kv, kind));
        }
        v.status().ifPresent(s -> printStatus(out, s));
        out.println("Spec:");
        out.println(v.spec().map(e -> indent(pretty(e.value()))).orElse("  <deleted>"));
        v.status().filter(s -> s.path("appliedSpec").isObject() && v.spec().isPresent()
                        && !s.path("appliedSpec").equals(specOf(v.spec().get().value())))
                .ifPresent(s -> out.printf("Applied spec (generation %s, still in force):%n%s%n",
                        text(s, "appliedGeneration"), indent(JsonTrees.pretty(s.path("appliedSpec")))));
        out.flush();
        return 0;
    }

    private String lockHolder(Kv kv, Kind kind) {
        String key = paths().locks() + kind.plural() + "/" + name;
        return kv.get(key).map(e -> e.session() == null ? key + " (free)"
                : key + " held by " + new Sessions(consul()).holder(e.session()))
                .orElse("none (" + key + " not held)");
    }

    /** The status document's nodes, DNS record and conditions (SPEC §5), read from its JSON tree. */
    private static void printStatus(PrintWriter out, JsonNode s) {
        if (s.path("nodes").size() > 0) {
            out.println("Nodes:");
            s.path("nodes").fields().forEachRemaining(e -> out.printf("  %s: %s%n", e.getKey(), node(e.getValue())));
        }
        JsonNode d = s.path("dns");
        if (d.isObject()) {
            out.printf("DNS:         %s %s in %s via %s%s%n", text(d, "name"), text(d, "type"), text(d, "zone"),
                    text(d, "provider"), d.hasNonNull("writer") ? " (written by " + text(d, "writer") + ")" : "");
            out.printf("  published: %s%n", !d.path("values").isArray() ? "nothing"
                    : String.join(" ", strings(d.path("values"))) + " (ttl " + text(d, "ttl") + ")");
            for (String field : List.of("changedAt", "conflict", "error")) {
                if (d.hasNonNull(field)) {
                    out.printf("  %-10s %s%n", (field.equals("changedAt") ? "changed" : field) + ":", text(d, field));
                }
            }
        }
        out.println("Conditions:");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"  TYPE", "STATUS", "REASON", "SINCE", "MESSAGE"});
        for (JsonNode c : s.path("conditions")) {
            rows.add(new String[] {"  " + text(c, "type"), text(c, "status"), text(c, "reason"),
                    text(c, "lastTransitionTime"), text(c, "message")});
        }
        out.print(Tables.format(rows));
    }

    /** One node's entry: role, container, since, phase and message, backends, when applied, error. */
    private static String node(JsonNode n) {
        String phase = n.hasNonNull("phase") ? " " + text(n, "phase")
                + (n.hasNonNull("message") ? ": " + text(n, "message") : "")
                + (n.path("backends").size() > 0 ? " " + strings(n.path("backends")) : "")
                + (n.hasNonNull("appliedAt") ? " (applied " + text(n, "appliedAt") + ")" : "")
                + (n.hasNonNull("error") ? "; error: " + text(n, "error") : "") : "";
        return text(n, "role") + (n.hasNonNull("containerId") ? " container " + shortId(text(n, "containerId")) : "")
                + (n.hasNonNull("since") ? " since " + text(n, "since") : "") + phase;
    }

    private static List<String> strings(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(v -> items.add(v.asText()));
        return items;
    }

    private static String text(JsonNode node, String field) {
        return ResourceView.text(node, field);
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static JsonNode specOf(String document) {
        try {
            return JsonTrees.read(document).path("spec");
        } catch (IOException e) {
            return null;
        }
    }

    /** The document indented, or as it is stored when it is not JSON. */
    private static String pretty(String json) {
        try {
            return JsonTrees.pretty(JsonTrees.read(json));
        } catch (IOException e) {
            return json;
        }
    }

    private static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }
}
