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

    /** {@code current} (the whole {@code apps.tls}, or null) with converge's entries replaced by {@code part}. */
    static ObjectNode merge(JsonNode current, Part part) {
        ObjectNode app = current != null && current.isObject() ? ((ObjectNode) current).deepCopy() : obj();
        Set<String> oldHosts = ownHosts(app);
        ObjectNode certs = app.has("certificates") ? (ObjectNode) app.get("certificates") : obj();
        ArrayNode files = foreign(certs.get("load_files"));
        part.loadFiles().forEach(files::add);
        putUnlessNew(certs, "load_files", files);
        ArrayNode automate = arr();
        certs.path("automate").forEach(h -> {
            if (!oldHosts.contains(h.asText())) {
                automate.add(h);
            }
        });
        part.internalHosts().forEach(automate::add);
        putUnlessNew(certs, "automate", automate);
        putUnlessNew(app, "certificates", certs);
        ObjectNode automation = app.has("automation") ? (ObjectNode) app.get("automation") : obj();
        ArrayNode policies = arr();
        if (!part.internalHosts().isEmpty()) {
            policies.add(obj("@id", POLICY_ID).<ObjectNode>set("subjects", strings(part.internalHosts()))
                    .set("issuers", arr(obj("module", "internal"))));
        }
        policies.addAll(foreign(automation.get("policies")));
        putUnlessNew(automation, "policies", policies);
        putUnlessNew(app, "automation", automation);
        return app;
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

    private static ArrayNode foreign(JsonNode entries) {
        ArrayNode kept = arr();
        if (entries != null) {
            entries.forEach(e -> {
                if (!isOwn(e)) {
                    kept.add(e);
                }
            });
        }
        return kept;
    }

    private static boolean isOwn(JsonNode entry) {
        return entry.path("@id").asText().startsWith(PREFIX);
    }

    /** Sets {@code field} unless it is empty and was absent: converge adds no empty containers of its own. */
    private static void putUnlessNew(ObjectNode parent, String field, JsonNode value) {
        if (parent.has(field) || !value.isEmpty()) {
            parent.set(field, value);
        }
    }

    private static String certId(RouteTls tls) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (tls.certFile() + "\n" + tls.keyFile()).getBytes(StandardCharsets.UTF_8));
            return PREFIX + "cert-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
