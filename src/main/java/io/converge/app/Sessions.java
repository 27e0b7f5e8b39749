package io.converge.app;

import io.converge.consul.ConsulConnection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/** Consul sessions by id, as the CLI shows lock holders; each looked up once per command. */
final class Sessions {
    private final ConsulConnection consul;
    private final Map<String, JsonObject> cache = new HashMap<>();

    Sessions(ConsulConnection consul) {
        this.consul = consul;
    }

    /** The session's description ({@code /v1/session/info}); a session that is gone has Node "(session gone)". */
    JsonObject info(String id) {
        return cache.computeIfAbsent(id, this::fetch);
    }

    private JsonObject fetch(String id) {
        JsonArray info = consul.requestOk("GET", "/v1/session/info/" + id, null).bodyAsJsonArray();
        return info == null || info.isEmpty() ? new JsonObject().put("Node", "(session gone)") : info.getJsonObject(0);
    }

    /** {@code node (session id, name)} */
    String holder(String id) {
        JsonObject s = info(id);
        return s.getString("Node", "?") + " (session " + id + ", " + s.getString("Name", "") + ")";
    }
}
