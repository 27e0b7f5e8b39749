package io.converge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.converge.consul.KvClient;
import io.converge.model.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How {@code converge get} prints resources: a table ({@code wide} adds MESSAGE), or each resource as
 * {@code {name, document, generation, status}} in JSON or YAML. Pure.
 */
final class Listings {
    enum Output { table, wide, json, yaml }

    /** Made on first use only: a table need not load the YAML module. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = YAMLMapper.builder()
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .build();
    }

    private Listings() {
    }

    /** The whole listing: a table with its header, a JSON array, or a YAML sequence. */
    static String render(Collection<ResourceView> views, Output output, Instant now) throws JsonProcessingException {
        return switch (output) {
            case json -> Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array(views)) + "\n";
            case yaml -> Yaml.MAPPER.writeValueAsString(array(views));
            default -> Tables.format(rows(views, output == Output.wide, now, true));
        };
    }

    /**
     * A watch's output: the first listing, then its changes, each a table line aligned under the first table's
     * columns, or a JSON or YAML document of its own per resource.
     */
    static final class Lines {
        private final Output output;
        private final int[] widths;
        private final Collection<ResourceView> first;
        private final Instant firstAt;

        Lines(Output output, Collection<ResourceView> first, Instant now) {
            this.output = output;
            this.first = first;
            this.firstAt = now;
            this.widths = Tables.widths(rows(first, output == Output.wide, now, true));
        }

        String first() throws JsonProcessingException {
            return output == Output.json || output == Output.yaml ? documents(first)
                    : Tables.format(rows(first, output == Output.wide, firstAt, true));
        }

        String next(Collection<ResourceView> changed, Instant now) throws JsonProcessingException {
            if (output == Output.json || output == Output.yaml) {
                return documents(changed);
            }
            StringBuilder sb = new StringBuilder();
            rows(changed, output == Output.wide, now, false).forEach(r -> sb.append(Tables.line(r, widths)));
            return sb.toString();
        }

        private String documents(Collection<ResourceView> views) throws JsonProcessingException {
            StringBuilder sb = new StringBuilder();
            for (ArrayNode one : singles(views)) {
                sb.append(output == Output.json
                        ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(one.get(0)) + "\n"
                        : "---\n" + Yaml.MAPPER.writeValueAsString(one.get(0)));
            }
            return sb.toString();
        }
    }

    private static List<ArrayNode> singles(Collection<ResourceView> views) {
        List<ArrayNode> out = new ArrayList<>();
        views.forEach(v -> out.add(array(List.of(v))));
        return out;
    }

    static List<String[]> rows(Collection<ResourceView> views, boolean wide, Instant now, boolean header) {
        List<String[]> rows = new ArrayList<>();
        if (header) {
            rows.add(wide ? new String[] {"NAME", "PHASE", "NODES", "GEN", "OBSERVED", "AGE", "MESSAGE"}
                    : new String[] {"NAME", "PHASE", "NODES", "GEN", "OBSERVED", "AGE"});
        }
        for (ResourceView v : views) {
            String[] row = {v.name(), v.phase(), v.nodes(), v.generation(), v.observed(), v.age(now)};
            rows.add(wide ? append(row, v.message()) : row);
        }
        return rows;
    }

    static ArrayNode array(Collection<ResourceView> views) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (ResourceView v : views) {
            ObjectNode o = array.addObject();
            o.put("name", v.name());
            o.set("document", v.spec().isPresent() ? parseOrText(v.spec().get().value()) : null);
            o.put("generation", v.spec().map(KvClient.Entry::modifyIndex).orElse(null));
            o.set("status", v.status().map(s -> (JsonNode) Json.MAPPER.valueToTree(s)).orElse(null));
        }
        return array;
    }

    private static JsonNode parseOrText(String value) {
        try {
            return Json.MAPPER.readTree(value);
        } catch (Exception e) {
            return Json.MAPPER.getNodeFactory().textNode(value);
        }
    }

    private static String[] append(String[] row, String last) {
        String[] out = java.util.Arrays.copyOf(row, row.length + 1);
        out[row.length] = last;
        return out;
    }
}
