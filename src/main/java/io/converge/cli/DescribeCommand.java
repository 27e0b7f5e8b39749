package io.converge.cli;

import io.converge.model.Condition;
import io.converge.model.Json;
import io.converge.model.Kind;
import io.converge.model.Status;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code converge describe KIND NAME}: spec, status, conditions, nodes and the lock holder. */
@Command(name = "describe", mixinStandardHelpOptions = true, description = "Show a resource's spec, status, conditions and lock holder.")
public class DescribeCommand extends ClientCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "kind: Service, services, svc, pf, route, dns, ...")
    String kindText;

    @Parameters(index = "1", description = "name")
    String name;

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
        v.status().ifPresent(s -> out.printf("Observed:    %d%nMessage:     %s%n", s.observedGeneration(), s.message()));
        if (kind == Kind.SERVICE) {
            out.printf("Lock:        %s%n", lockHolder(kv, kind));
        }
        v.status().ifPresent(s -> printStatus(out, s));
        out.println("Spec:");
        out.println(v.spec().map(e -> indent(pretty(e.value()))).orElse("  <deleted>"));
        v.status().filter(s -> s.appliedSpec() != null && v.spec().isPresent()
                        && !s.appliedSpec().equals(specOf(v.spec().get().value())))
                .ifPresent(s -> out.printf("Applied spec (generation %s, still in force):%n%s%n",
                        s.appliedGeneration(), indent(pretty(s.appliedSpec().toString()))));
        out.flush();
        return 0;
    }

    private String lockHolder(Kv kv, Kind kind) {
        String key = paths().locks() + kind.plural() + "/" + name;
        return kv.get(key).map(e -> e.session() == null ? key + " (free)"
                : key + " held by " + new Sessions(consul()).holder(e.session()))
                .orElse("none (" + key + " not held)");
    }

    private static void printStatus(PrintWriter out, Status s) {
        if (!s.nodes().isEmpty()) {
            out.println("Nodes:");
            s.nodes().forEach((node, n) -> out.printf("  %s: %s%s%s%s%n", node, n.role(),
                    n.containerId() == null ? "" : " container " + shortId(n.containerId()),
                    n.since() == null ? "" : " since " + n.since(),
                    n.phase() == null ? "" : " " + n.phase() + (n.message() == null ? "" : ": " + n.message())
                            + (n.backends() == null || n.backends().isEmpty() ? "" : " " + n.backends())
                            + (n.appliedAt() == null ? "" : " (applied " + n.appliedAt() + ")")
                            + (n.error() == null ? "" : "; error: " + n.error())));
        }
        if (s.dns() != null) {
            var d = s.dns();
            out.printf("DNS:         %s %s in %s via %s%s%n", d.name(), d.type(), d.zone(), d.provider(),
                    d.writer() == null ? "" : " (written by " + d.writer() + ")");
            out.printf("  published: %s%n", d.values() == null ? "nothing"
                    : String.join(" ", d.values()) + " (ttl " + d.ttl() + ")");
            if (d.changedAt() != null) {
                out.printf("  changed:   %s%n", d.changedAt());
            }
            if (d.conflict() != null) {
                out.printf("  conflict:  %s%n", d.conflict());
            }
            if (d.error() != null) {
                out.printf("  error:     %s%n", d.error());
            }
        }
        out.println("Conditions:");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"  TYPE", "STATUS", "REASON", "SINCE", "MESSAGE"});
        for (Condition c : s.conditions()) {
            rows.add(new String[] {"  " + c.type(), c.status(), c.reason(), c.lastTransitionTime(), c.message()});
        }
        out.print(Tables.format(rows));
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static com.fasterxml.jackson.databind.JsonNode specOf(String document) {
        try {
            return Json.MAPPER.readTree(document).path("spec");
        } catch (Exception e) {
            return null;
        }
    }

    private static String pretty(String json) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(json));
        } catch (Exception e) {
            return json;
        }
    }

    private static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }
}
