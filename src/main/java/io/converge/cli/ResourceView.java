package io.converge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.converge.model.Kind;
import io.converge.consul.KvClient;
import io.converge.store.consul.KvPaths;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.StreamSupport;

/**
 * A resource as the CLI shows it: its spec entry and its status document (SPEC §5), read from KV. The status is
 * read as a JSON tree, not bound to {@link io.converge.model.Status}: binding records costs a fresh JVM hundreds
 * of classes and about 0.1 s, most of a {@code converge get}.
 */
record ResourceView(String name, Optional<KvClient.Entry> spec, Optional<JsonNode> status) {

    /** Every resource of a kind that has a spec or a status, by name. */
    static Map<String, ResourceView> list(Kv kv, KvPaths paths, Kind kind) {
        return of(paths, kind, kv.list(paths.specs(kind)), kv.list(paths.statuses(kind)));
    }

    /** The resources of a kind from the keys under its spec and status prefixes. */
    static Map<String, ResourceView> of(KvPaths paths, Kind kind, List<KvClient.Entry> specEntries,
                                        List<KvClient.Entry> statusEntries) {
        Map<String, KvClient.Entry> specs = new TreeMap<>();
        for (KvClient.Entry e : specEntries) {
            String n = KvPaths.nameIn(paths.specs(kind), e.key());
            if (n != null) {
                specs.put(n, e);
            }
        }
        Map<String, JsonNode> statuses = new TreeMap<>();
        for (KvClient.Entry e : statusEntries) {
            String n = KvPaths.nameIn(paths.statuses(kind), e.key());
            if (n != null) {
                statuses.put(n, parseStatus(e.value()));
            }
        }
        Map<String, ResourceView> out = new TreeMap<>();
        specs.forEach((n, e) -> out.put(n, new ResourceView(n, Optional.of(e), Optional.ofNullable(statuses.get(n)))));
        statuses.forEach((n, s) -> out.putIfAbsent(n, new ResourceView(n, Optional.empty(), Optional.of(s))));
        return out;
    }

    static Optional<ResourceView> one(Kv kv, KvPaths paths, Kind kind, String name) {
        Optional<KvClient.Entry> spec = kv.get(paths.spec(kind, name));
        Optional<JsonNode> status = kv.get(paths.status(kind, name)).map(e -> parseStatus(e.value()));
        return spec.isEmpty() && status.isEmpty() ? Optional.empty()
                : Optional.of(new ResourceView(name, spec, status));
    }

    /** The status document; one that is not a JSON object reads as {@code Pending} with a message that says so. */
    static JsonNode parseStatus(String json) {
        try {
            JsonNode node = JsonTrees.read(json);
            if (node != null && node.isObject()) {
                return node;
            }
            return unreadable("not a JSON object");
        } catch (IOException e) {
            return unreadable(e.getMessage());
        }
    }

    private static JsonNode unreadable(String why) {
        return JsonTrees.object().put("phase", "Pending").put("message", "unreadable status: " + why);
    }

    /** {@code Deleted} when neither spec nor status is left (a watch's last line), {@code Terminating} without spec. */
    String phase() {
        if (spec.isEmpty() && status.isEmpty()) {
            return "Deleted";
        }
        if (spec.isEmpty()) {
            return "Terminating";
        }
        return status.map(s -> text(s, "phase")).filter(p -> !p.isEmpty()).orElse("Pending");
    }

    String nodes() {
        List<String> nodes = new ArrayList<>();
        status.ifPresent(s -> s.path("nodes").fields().forEachRemaining(e -> {
            if ("active".equals(text(e.getValue(), "role"))) {
                nodes.add(e.getKey());
            }
        }));
        String active = String.join(",", nodes);
        if (active.isEmpty()) {   // a DnsRecord: the leader that wrote it
            active = status.map(s -> text(s.path("dns"), "writer")).orElse("");
        }
        return active.isEmpty() ? "<none>" : active;
    }

    String generation() {
        return spec.map(e -> Long.toString(e.modifyIndex())).orElse("-");
    }

    String observed() {
        return status.map(s -> Long.toString(s.path("observedGeneration").asLong())).orElse("-");
    }

    String message() {
        return status.map(s -> text(s, "message")).orElse("");
    }

    /** Time since the oldest condition transition: how long converge has known the resource. */
    String age(Instant now) {
        Optional<Instant> since = status.flatMap(s -> StreamSupport.stream(s.path("conditions").spliterator(), false)
                .map(c -> parse(text(c, "lastTransitionTime"))).flatMap(Optional::stream).min(Instant::compareTo));
        return since.map(t -> human(Duration.between(t, now))).orElse("-");
    }

    /** A text field of a status object; empty when absent or null. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isValueNode() && !v.isNull() ? v.asText() : "";
    }

    private static Optional<Instant> parse(String t) {
        try {
            return Optional.of(Instant.parse(t));
        } catch (DateTimeParseException | NullPointerException e) {
            return Optional.empty();
        }
    }

    static String human(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + "s";
        }
        if (s < 7200) {
            return s / 60 + "m";
        }
        if (s < 172800) {
            return s / 3600 + "h";
        }
        return s / 86400 + "d";
    }
}
