package io.converge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.converge.model.Json;
import io.converge.model.Kind;
import io.converge.model.Status;
import io.converge.consul.KvClient;
import io.converge.store.consul.KvPaths;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A resource as the CLI shows it: its spec entry and its status, read from KV. */
record ResourceView(String name, Optional<KvClient.Entry> spec, Optional<Status> status) {

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
        Map<String, Status> statuses = new TreeMap<>();
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
        Optional<Status> status = kv.get(paths.status(kind, name)).map(e -> parseStatus(e.value()));
        return spec.isEmpty() && status.isEmpty() ? Optional.empty()
                : Optional.of(new ResourceView(name, spec, status));
    }

    static Status parseStatus(String json) {
        try {
            return Json.MAPPER.readValue(json, Status.class);
        } catch (JsonProcessingException e) {
            return Status.empty().withPhase(io.converge.model.Phase.PENDING, "unreadable status: "
                    + e.getOriginalMessage());
        }
    }

    /** {@code Deleted} when neither spec nor status is left (a watch's last line), {@code Terminating} without spec. */
    String phase() {
        if (spec.isEmpty() && status.isEmpty()) {
            return "Deleted";
        }
        if (spec.isEmpty()) {
            return "Terminating";
        }
        return status.map(Status::phase).orElse("Pending");
    }

    String nodes() {
        String active = status.map(s -> s.nodes().entrySet().stream().filter(e -> "active".equals(e.getValue().role()))
                .map(Map.Entry::getKey).collect(Collectors.joining(","))).orElse("");
        if (active.isEmpty()) {   // a DnsRecord: the leader that wrote it
            active = status.map(Status::dns).map(d -> d.writer() == null ? "" : d.writer()).orElse("");
        }
        return active.isEmpty() ? "<none>" : active;
    }

    String generation() {
        return spec.map(e -> Long.toString(e.modifyIndex())).orElse("-");
    }

    String observed() {
        return status.map(s -> Long.toString(s.observedGeneration())).orElse("-");
    }

    String message() {
        return status.map(Status::message).orElse("");
    }

    /** Time since the oldest condition transition: how long converge has known the resource. */
    String age(Instant now) {
        Optional<Instant> since = status.flatMap(s -> s.conditions().stream().map(c -> parse(c.lastTransitionTime()))
                .flatMap(Optional::stream).min(Instant::compareTo));
        return since.map(t -> human(Duration.between(t, now))).orElse("-");
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
