package io.converge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.converge.consul.KvClient;
import io.converge.model.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code converge fence} does after killing, so that the node's locks move after lock-delay rather than after
 * the alive check's TTL: claims a handover marker the stopped converge left ({@code <prefix>/handover/<node>},
 * deleted with check-and-set, so that a handover guard racing it does not also act), then destroys the node's
 * sessions of this prefix ({@code converge:<prefix>:<node>} and its lock-delay ones). The same steps as the
 * operator's {@code Handovers}, over the CLI's own Consul client.
 */
final class NodeSessionEnd {
    private final ConsulHttp consul;
    private final Kv kv;
    private final String prefix;
    private final String node;

    NodeSessionEnd(ConsulHttp consul, Kv kv, String prefix, String node) {
        this.consul = consul;
        this.kv = kv;
        this.prefix = prefix;
        this.node = node;
    }

    /** Claims the marker if there is one; returns the ids of the sessions it destroyed. */
    List<String> run() {
        String key = prefix + "/handover/" + node;
        Optional<KvClient.Entry> marker = kv.get(key);
        marker.ifPresent(m -> kv.deleteCas(key, m.modifyIndex()));
        List<String> ids = sessions();
        for (String id : ids) {
            consul.sendOk("PUT", "/v1/session/destroy/" + id, null);
        }
        return ids;
    }

    private List<String> sessions() {
        String name = "converge:" + prefix + ":" + node;
        List<String> ids = new ArrayList<>();
        try {
            for (JsonNode s : Json.MAPPER.readTree(consul.sendOk("GET", "/v1/session/node/" + node, null).body())) {
                String n = s.path("Name").asText("");
                if (n.equals(name) || n.startsWith(name + ":")) {
                    ids.add(s.path("ID").asText());
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("/v1/session/node/" + node + ": unreadable answer", e);
        }
        return ids;
    }
}
