package io.converge.store.consul;

import io.converge.consul.ConsulFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads Consul 1.8's catalog and health answers into plain values. Pure; a malformed answer fails with a
 * {@link ConsulFailure} naming the path and what was wrong, never with a parser's class name.
 */
final class CatalogJson {

    /** One row of {@code /v1/health/state/any}: a check on a node, of a service instance or (no service) the node. */
    record CheckRow(String node, String checkId, String status, String serviceId) {
    }

    /** One node of the catalog with the service instances registered on it ({@code /v1/catalog/node/<node>}). */
    record NodeEntry(String node, String address, Map<String, String> taggedAddresses, Map<String, String> meta,
                     List<ServiceEntry> services) {
    }

    /** One service instance as registered; {@code address} is empty when the node's address applies. */
    record ServiceEntry(String id, String name, String address, int port, List<String> tags,
                        Map<String, String> meta) {
    }

    private CatalogJson() {
    }

    static List<CheckRow> checks(String path, String body) {
        JsonArray array = array(path, body);
        List<CheckRow> rows = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonObject c = object(path, array.getValue(i));
            rows.add(new CheckRow(required(path, c, "Node"), required(path, c, "CheckID"),
                    required(path, c, "Status"), c.getString("ServiceID", "")));
        }
        return rows;
    }

    /** The node names of {@code /v1/catalog/nodes}. */
    static List<String> nodeNames(String path, String body) {
        JsonArray array = array(path, body);
        List<String> names = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            names.add(required(path, object(path, array.getValue(i)), "Node"));
        }
        return names;
    }

    /** One node's entry, or null when the node is gone (Consul answers {@code null}). */
    static NodeEntry node(String path, String body) {
        Object parsed = parse(path, body);
        if (parsed == null) {
            return null;
        }
        JsonObject root = object(path, parsed);
        JsonObject node = object(path, root.getValue("Node"));
        Object listed = root.getValue("Services");
        JsonObject services = listed == null ? new JsonObject() : object(path, listed);
        List<ServiceEntry> entries = new ArrayList<>();
        for (String id : new TreeMap<>(services.getMap()).keySet()) {
            JsonObject s = object(path, services.getValue(id));
            entries.add(new ServiceEntry(required(path, s, "ID"), required(path, s, "Service"),
                    s.getString("Address", ""), s.getInteger("Port", 0), strings(s.getJsonArray("Tags")),
                    map(s.getJsonObject("Meta"))));
        }
        return new NodeEntry(required(path, node, "Node"), node.getString("Address", ""),
                map(node.getJsonObject("TaggedAddresses")), map(node.getJsonObject("Meta")), entries);
    }

    private static Object parse(String path, String body) {
        try {
            return Json.decodeValue(body);
        } catch (DecodeException e) {
            throw new ConsulFailure("read", path, "the answer is not JSON");
        }
    }

    private static JsonArray array(String path, String body) {
        Object parsed = parse(path, body);
        if (parsed == null) {
            return new JsonArray();
        }
        if (!(parsed instanceof JsonArray a)) {
            throw new ConsulFailure("read", path, "expected a JSON array, found " + kind(parsed));
        }
        return a;
    }

    private static JsonObject object(String path, Object value) {
        if (!(value instanceof JsonObject o)) {
            throw new ConsulFailure("read", path, "expected a JSON object, found " + kind(value));
        }
        return o;
    }

    private static String required(String path, JsonObject o, String field) {
        Object v = o.getValue(field);
        if (!(v instanceof String s)) {
            throw new ConsulFailure("read", path, "field " + field + " is " + kind(v) + ", expected a string");
        }
        return s;
    }

    private static String kind(Object v) {
        return v == null ? "null" : v instanceof JsonArray ? "an array" : v instanceof JsonObject ? "an object"
                : v instanceof String ? "a string" : "a " + v.getClass().getSimpleName().toLowerCase();
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        if (a != null) {
            a.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }

    private static Map<String, String> map(JsonObject o) {
        Map<String, String> out = new TreeMap<>();
        if (o != null) {
            o.forEach(e -> {
                if (e.getValue() instanceof String s) {
                    out.put(e.getKey(), s);
                }
            });
        }
        return out;
    }
}
