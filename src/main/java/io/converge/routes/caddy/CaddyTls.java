package io.converge.routes.caddy;

import static io.converge.routes.caddy.Nodes.arr;
import static io.converge.routes.caddy.Nodes.obj;
import static io.converge.routes.caddy.Nodes.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.routes.RouteTls;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * converge's entries in Caddy's {@code apps.tls} (pure): one {@code certificates.load_files} entry per certificate
 * file pair ({@code @id} and tag {@code converge-cert-<digest>}), one automation policy {@code converge-internal}
 * giving the internal issuer to the hosts with {@code RouteTls.internal()}, and those hosts in
 * {@code certificates.automate} (strings carry no {@code @id}: converge's are the subjects of its policy). Every
 * other entry of {@code apps.tls} is kept as it is.
 */
final class CaddyTls {
    static final String PREFIX = "converge-";
    static final String POLICY_ID = "converge-internal";

    private CaddyTls() {
    }

    /** converge's part of {@code apps.tls} for these hosts (by host, in order; the first TLS of a host wins). */
    record Part(List<ObjectNode> loadFiles, List<String> internalHosts) {
        boolean isEmpty() {
            return loadFiles.isEmpty() && internalHosts.isEmpty();
        }
    }

    static Part part(Map<String, RouteTls> hosts) {
        Map<String, ObjectNode> files = new LinkedHashMap<>();
        List<String> internal = new java.util.ArrayList<>();
        hosts.forEach((host, tls) -> {
            if (tls.isInternal()) {
                internal.add(host);
            } else {
                String id = certId(tls);
                files.putIfAbsent(id, obj("@id", id).put("certificate", tls.certFile()).put("key", tls.keyFile())
                        .set("tags", strings(id)));
            }
        });
        return new Part(List.copyOf(files.values()), List.copyOf(internal));
    }

    /** The server's TLS connection policies: SNI chooses the host; a file certificate is picked by its tag. */
    static ArrayNode connectionPolicies(Map<String, RouteTls> hosts) {
        ArrayNode policies = arr();
        hosts.forEach((host, tls) -> {
            ObjectNode policy = obj("match", obj("sni", strings(host)));
            if (!tls.isInternal()) {
                policy.set("certificate_selection", obj("any_tag", strings(certId(tls))));
            }
            policies.add(policy);
        });
        return policies;
    }

    /**
     * {@code current} (the whole {@code apps.tls}, or null) with converge's entries replaced by {@code part}. An
     * array or object left empty by removing converge's entries goes too; foreign ones stay as they were.
     */
    static ObjectNode merge(JsonNode current, Part part) {
        ObjectNode app = current != null && current.isObject() ? ((ObjectNode) current).deepCopy() : obj();
        Set<String> oldHosts = ownHosts(app);
        ObjectNode certs = child(app, "certificates");
        ArrayNode files = arr();
        part.loadFiles().forEach(files::add);
        boolean ownCerts = keep(certs, "load_files", e -> !isOwn(e), files, false);
        ArrayNode automate = arr();
        part.internalHosts().forEach(automate::add);
        ownCerts |= keep(certs, "automate", h -> !oldHosts.contains(h.asText()), automate, false);
        put(app, "certificates", certs, ownCerts);
        ObjectNode automation = child(app, "automation");
        ArrayNode policies = arr();
        if (!part.internalHosts().isEmpty()) {
            policies.add(obj("@id", POLICY_ID).<ObjectNode>set("subjects", strings(part.internalHosts()))
                    .set("issuers", arr(obj("module", "internal"))));
        }
        put(app, "automation", automation, keep(automation, "policies", e -> !isOwn(e), policies, true));
        return app;
    }

    private static ObjectNode child(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode o ? o : obj();
    }

    /**
     * Sets {@code parent.field} to {@code ours} and the foreign entries of the old array, in that order when
     * {@code oursFirst}, else after them. Returns whether the old array held converge's entries or gets some now.
     */
    private static boolean keep(ObjectNode parent, String field, java.util.function.Predicate<JsonNode> foreign,
                                ArrayNode ours, boolean oursFirst) {
        ArrayNode result = arr();
        ArrayNode kept = arr();
        boolean hadOwn = false;
        for (JsonNode e : parent.path(field)) {
            if (foreign.test(e)) {
                kept.add(e);
            } else {
                hadOwn = true;
            }
        }
        result.addAll(oursFirst ? ours : kept).addAll(oursFirst ? kept : ours);
        put(parent, field, result, hadOwn || !ours.isEmpty());
        return hadOwn || !ours.isEmpty();
    }

    /** Sets {@code field}, or removes it when it is empty and converge's entries were all it had or gets. */
    private static void put(ObjectNode parent, String field, JsonNode value, boolean touched) {
        if (value.isEmpty() && (touched || !parent.has(field))) {
            parent.remove(field);
        } else if (touched || parent.has(field)) {
            parent.set(field, value);
        }
    }

    /** converge's entries as found in {@code app} (whole {@code apps.tls}), to compare with what converge sent. */
    static ObjectNode own(JsonNode app) {
        ArrayNode files = arr();
        app.path("certificates").path("load_files").forEach(f -> {
            if (isOwn(f)) {
                files.add(f);
            }
        });
        ArrayNode policies = arr();
        app.path("automation").path("policies").forEach(p -> {
            if (isOwn(p)) {
                policies.add(p);
            }
        });
        Set<String> hosts = ownHosts(app);
        ArrayNode automate = arr();
        app.path("certificates").path("automate").forEach(h -> {
            if (hosts.contains(h.asText())) {
                automate.add(h);
            }
        });
        return obj("load_files", files).<ObjectNode>set("policies", policies).set("automate", automate);
    }

    private static Set<String> ownHosts(JsonNode app) {
        Set<String> hosts = new HashSet<>();
        app.path("automation").path("policies").forEach(p -> {
            if (POLICY_ID.equals(p.path("@id").asText())) {
                p.path("subjects").forEach(s -> hosts.add(s.asText()));
            }
        });
        return hosts;
    }

    private static boolean isOwn(JsonNode entry) {
        return entry.path("@id").asText().startsWith(PREFIX);
    }

    private static String certId(RouteTls tls) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (tls.certFile() + "\n" + tls.keyFile() + "\n" + tls.contents()).getBytes(StandardCharsets.UTF_8));
            return PREFIX + "cert-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
