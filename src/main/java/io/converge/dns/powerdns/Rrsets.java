package io.converge.dns.powerdns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.dns.Change;
import io.converge.dns.RecordSet;
import io.converge.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The JSON of PowerDNS's zone API, both ways (pure): the {@code rrsets} of a zone as {@link RecordSet}s, and the
 * body of the one {@code PATCH} that applies a list of {@link Change}s.
 */
final class Rrsets {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Rrsets() {
    }

    /**
     * The record sets of a zone document ({@code GET .../zones/<zone>}) whose name is one of {@code names} (lower
     * case, absolute; {@code null} for every name). Names come back lower case; values are PowerDNS's {@code content} as it holds it
     * (presentation format, TXT quoted). A disabled record is left out, and a set with none enabled (or only
     * comments) is skipped: PowerDNS does not serve them, and its {@code rrset_name} query (4.7) does not return
     * them either, so both ways of reading agree.
     *
     * @throws IOException the body is not a zone document
     */
    static List<RecordSet> parse(byte[] zoneDocument, Set<String> names) throws IOException {
        JsonNode zone = Json.MAPPER.readTree(zoneDocument);
        if (zone == null || !zone.isObject()) {
            throw new IOException("not a zone document: " + text(zoneDocument));
        }
        List<RecordSet> sets = new ArrayList<>();
        for (JsonNode rrset : zone.path("rrsets")) {
            String name = rrset.path("name").asText().toLowerCase(Locale.ROOT);
            if (names != null && !names.contains(name)) {
                continue;
            }
            List<String> values = new ArrayList<>();
            rrset.path("records").forEach(r -> {
                if (!r.path("disabled").asBoolean(false)) {
                    values.add(r.path("content").asText());
                }
            });
            if (!values.isEmpty()) {
                sets.add(new RecordSet(name, rrset.path("type").asText(), rrset.path("ttl").asLong(), values));
            }
        }
        return sets;
    }

    /**
     * The {@code PATCH} body for {@code changes}: {@code DELETE} for a deletion, {@code REPLACE} (the whole set)
     * for an addition or a change. Every {@code DELETE} comes before every {@code REPLACE}, each group in the given
     * order: PowerDNS checks a CNAME against the data beside it in request order, so an A set replaced by a CNAME
     * at one name must leave first.
     */
    static byte[] patch(Collection<Change> changes) {
        ArrayNode rrsets = NODES.arrayNode();
        changes.stream().filter(Change::deletes).forEach(c -> rrsets.add(delete(c.before())));
        changes.stream().filter(c -> !c.deletes()).forEach(c -> rrsets.add(replace(c.after())));
        ObjectNode body = NODES.objectNode();
        body.set("rrsets", rrsets);
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
    }

    /** PowerDNS's {@code {"error": "..."}} message, or the body as text (its 404 says {@code Not Found}). */
    static String error(byte[] body) {
        try {
            JsonNode tree = Json.MAPPER.readTree(body);
            String message = tree == null ? "" : tree.path("error").asText("");
            return message.isEmpty() ? text(body) : message;
        } catch (IOException notJson) {
            return text(body);
        }
    }

    private static ObjectNode delete(RecordSet set) {
        return NODES.objectNode().put("name", set.name()).put("type", set.type()).put("changetype", "DELETE");
    }

    private static ObjectNode replace(RecordSet set) {
        ObjectNode rrset = NODES.objectNode().put("name", set.name()).put("type", set.type())
                .put("ttl", set.ttl()).put("changetype", "REPLACE");
        ArrayNode records = rrset.putArray("records");
        set.values().forEach(v -> records.addObject().put("content", v).put("disabled", false));
        return rrset;
    }

    private static String text(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).trim();
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }
}
