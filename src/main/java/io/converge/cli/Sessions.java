package io.converge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** Consul sessions by id, as the CLI shows lock holders; each looked up once per command. */
final class Sessions {
    private final ConsulHttp consul;
    private final Map<String, JsonNode> cache = new HashMap<>();

    Sessions(ConsulHttp consul) {
        this.consul = consul;
    }

    /** The session's description ({@code /v1/session/info}); a session that is gone has Node "(session gone)". */
    JsonNode info(String id) {
        return cache.computeIfAbsent(id, this::fetch);
    }

    private JsonNode fetch(String id) {
        try {
            JsonNode info = Json.MAPPER.readTree(consul.sendOk("GET", "/v1/session/info/" + id, null).body());
            if (info == null || !info.isArray() || info.isEmpty()) {
                ObjectNode gone = Json.MAPPER.createObjectNode();
                gone.put("Node", "(session gone)");
                return gone;
            }
            return info.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("session " + id + ": unreadable answer", e);
        }
    }

    /** {@code node (session id, name)} */
    String holder(String id) {
        JsonNode s = info(id);
        return s.path("Node").asText("?") + " (session " + id + ", " + s.path("Name").asText("") + ")";
    }
}
