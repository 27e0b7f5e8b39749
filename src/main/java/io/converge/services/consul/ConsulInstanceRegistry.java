package io.converge.services.consul;

import io.converge.consul.ConsulConnection;
import io.converge.consul.ConsulFailure;
import io.converge.services.InstanceRegistry;
import io.converge.services.ServiceSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link InstanceRegistry} on the local Consul agent's HTTP API. */
public final class ConsulInstanceRegistry implements InstanceRegistry {
    private final ConsulConnection consul;

    public ConsulInstanceRegistry(ConsulConnection consul) {
        this.consul = consul;
    }

    @Override
    public void register(Registration r) {
        JsonObject body = new JsonObject().put("ID", r.id()).put("Name", r.name()).put("Tags", new JsonArray(r.tags()))
                .put("Meta", new JsonObject(new TreeMap<String, Object>(r.meta()))).put("Address", r.address())
                .put("Port", r.port());
        if (r.check() != null) {
            body.put("Check", check(r));
        }
        consul.requestOk("PUT", "/v1/agent/service/register", body);
    }

    private static JsonObject check(Registration r) {
        ServiceSpec.Check c = r.check();
        JsonObject check = new JsonObject().put("Name", "converge: " + r.name()).put("Interval", c.interval())
                .put("Timeout", c.timeout());
        if (c.http() != null) {
            check.put("HTTP", "http://" + hostPort(r.address(), r.port()) + c.http());
        } else {
            check.put("TCP", hostPort(r.address(), r.port()));
        }
        return check;
    }

    private static String hostPort(String address, int port) {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }

    @Override
    public void deregister(String id) {
        HttpResponse<Buffer> response = consul.request("PUT", "/v1/agent/service/deregister/" + encode(id), null);
        if (response.statusCode() / 100 != 2 && response.statusCode() != 404) {
            throw new ConsulFailure("deregister", id, response.statusCode(), response.bodyAsString());
        }
    }

    @Override
    public Optional<Registration> lookup(String id) {
        HttpResponse<Buffer> response = consul.request("GET", "/v1/agent/service/" + encode(id), null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() / 100 != 2) {
            throw new ConsulFailure("look up service", id, response.statusCode(), response.bodyAsString());
        }
        JsonObject s = response.bodyAsJsonObject();
        List<String> tags = new ArrayList<>();
        s.getJsonArray("Tags", new JsonArray()).forEach(t -> tags.add(String.valueOf(t)));
        Map<String, String> meta = new TreeMap<>();
        s.getJsonObject("Meta", new JsonObject()).forEach(e -> meta.put(e.getKey(), String.valueOf(e.getValue())));
        return Optional.of(new Registration(s.getString("ID"), s.getString("Service"), tags, meta,
                s.getString("Address", ""), s.getInteger("Port", 0), null));
    }

    /**
     * The worst status of the instance's own checks, from the agent's local state. Not
     * {@code /v1/agent/health/service/id}: that aggregates the node's checks too, so any failing node check
     * (another tool's, or one converge adds later) would hold every instance in {@code starting}.
     */
    @Override
    public Optional<String> health(String id) {
        String filter = URLEncoder.encode("ServiceID == \"" + id + "\"", StandardCharsets.UTF_8).replace("+", "%20");
        JsonObject checks = consul.requestOk("GET", "/v1/agent/checks?filter=" + filter, null).bodyAsJsonObject();
        List<String> order = List.of("critical", "warning", "passing");
        return checks.stream().map(e -> ((JsonObject) e.getValue()).getString("Status", "critical"))
                .min(java.util.Comparator.comparingInt(st -> order.indexOf(st) < 0 ? 0 : order.indexOf(st)));
    }

    @Override
    public List<String> managedIds(String prefix) {
        JsonObject all = consul.requestOk("GET", "/v1/agent/services", null).bodyAsJsonObject();
        return all.fieldNames().stream().filter(id -> id.startsWith("converge-"))
                .filter(id -> prefix.equals(all.getJsonObject(id).getJsonObject("Meta", new JsonObject())
                        .getString("converge-prefix")))
                .sorted().toList();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
