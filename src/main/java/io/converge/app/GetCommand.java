package io.converge.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.model.Json;
import io.converge.model.Kind;
import io.converge.consul.KvClient;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code converge get KIND [NAME] [-o wide|json]}: NAME PHASE NODES GEN OBSERVED AGE. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "List resources of a kind: NAME PHASE NODES GEN OBSERVED AGE.")
public class GetCommand extends ClientCommand implements Callable<Integer> {

    enum Output { table, wide, json }

    @Parameters(index = "0", description = "kind: Service, services, svc, pf, route, dns, ...")
    String kindText;

    @Parameters(index = "1", arity = "0..1", description = "one resource's name")
    String name;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "wide or json")
    Output output;

    @Override
    public Integer call() throws Exception {
        Kind kind = kind(kindText);
        KvClient kv = kv();
        Collection<ResourceView> views;
        if (name != null) {
            var one = ResourceView.one(kv, connections.paths(), kind, name);
            if (one.isEmpty()) {
                err().printf("%s \"%s\" not found%n", kind.kindName(), name);
                return 1;
            }
            views = List.of(one.get());
        } else {
            views = ResourceView.list(kv, connections.paths(), kind).values();
        }
        PrintWriter out = out();
        if (output == Output.json) {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json(views)));
        } else {
            out.print(table(views, output == Output.wide, Instant.now()));
        }
        out.flush();
        return 0;
    }

    private static ArrayNode json(Collection<ResourceView> views) throws Exception {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (ResourceView v : views) {
            ObjectNode o = array.addObject();
            o.put("name", v.name());
            o.set("document", v.spec().isPresent() ? parseOrText(v.spec().get().value()) : null);
            o.put("generation", v.spec().map(KvClient.Entry::modifyIndex).orElse(null));
            o.set("status", v.status().map(s -> (com.fasterxml.jackson.databind.JsonNode) Json.MAPPER.valueToTree(s))
                    .orElse(null));
        }
        return array;
    }

    private static com.fasterxml.jackson.databind.JsonNode parseOrText(String value) {
        try {
            return Json.MAPPER.readTree(value);
        } catch (Exception e) {
            return Json.MAPPER.getNodeFactory().textNode(value);
        }
    }

    static String table(Collection<ResourceView> views, boolean wide, Instant now) {
        List<String[]> rows = new ArrayList<>();
        rows.add(wide ? new String[] {"NAME", "PHASE", "NODES", "GEN", "OBSERVED", "AGE", "MESSAGE"}
                : new String[] {"NAME", "PHASE", "NODES", "GEN", "OBSERVED", "AGE"});
        for (ResourceView v : views) {
            String[] row = {v.name(), v.phase(), v.nodes(), v.generation(), v.observed(), v.age(now)};
            rows.add(wide ? append(row, v.message()) : row);
        }
        return Tables.format(rows);
    }

    private static String[] append(String[] row, String last) {
        String[] out = java.util.Arrays.copyOf(row, row.length + 1);
        out[row.length] = last;
        return out;
    }
}
