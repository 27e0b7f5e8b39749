package io.converge.store.consul;

import io.converge.consul.ConsulFailure;
import io.converge.consul.ConsulConnection;
import io.converge.store.consul.CatalogJson.CheckRow;
import io.converge.store.consul.CatalogJson.NodeEntry;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The catalog view's requests to Consul (default consistency), counted: every check in the cluster, the index of
 * a trigger endpoint, and a scan of every node's registrations. Each call either returns a parsed answer with its
 * {@code X-Consul-Index} or throws a {@link ConsulFailure} naming the path (I/O failure, status other than 200,
 * missing or malformed index). For watch threads only: blocking.
 */
final class CatalogReads {
    static final String CHECKS = "/v1/health/state/any";
    static final String NODES = "/v1/catalog/nodes";

    /** Every check in the cluster and the index of that answer. */
    record Checks(List<CheckRow> rows, long index) {
    }

    /** Every node's registrations, and the newest index among the answers read. */
    record Scan(Map<String, NodeEntry> nodes, long index) {
    }

    private final ConsulConnection consul;
    final LongAdder requests = new LongAdder();
    final LongAdder bytes = new LongAdder();

    CatalogReads(ConsulConnection consul) {
        this.consul = consul;
    }

    /** The checks; a blocking query when {@code index >= 0}, else a plain read. */
    Checks checks(long index, Duration wait) {
        HttpResponse<Buffer> r = get(CHECKS, index, wait);
        return new Checks(CatalogJson.checks(CHECKS, r.bodyAsString()), index(CHECKS, r));
    }

    /** A blocking query whose answer matters only by its index (the trigger of a scan). */
    long index(String path, long index, Duration wait) {
        return index(path, get(path, index, wait));
    }

    Scan scan() {
        HttpResponse<Buffer> listing = get(NODES, -1, null);
        long newest = index(NODES, listing);
        Map<String, NodeEntry> nodes = new HashMap<>();
        for (String node : CatalogJson.nodeNames(NODES, listing.bodyAsString())) {
            String path = "/v1/catalog/node/" + URLEncoder.encode(node, StandardCharsets.UTF_8);
            HttpResponse<Buffer> r = get(path, -1, null);
            newest = Math.max(newest, index(path, r));
            NodeEntry entry = CatalogJson.node(path, r.bodyAsString());
            if (entry != null) {
                nodes.put(entry.node(), entry);
            }
        }
        return new Scan(nodes, newest);
    }

    private HttpResponse<Buffer> get(String path, long index, Duration wait) {
        String query = index < 0 ? path : path + "?index=" + index + "&wait=" + wait.toSeconds() + "s";
        Duration limit = index < 0 ? consul.timeout() : wait.plus(wait.dividedBy(16)).plus(consul.timeout());
        HttpResponse<Buffer> r;
        try {
            requests.increment();
            r = consul.requestBytes("GET", query, null, limit);
        } catch (RuntimeException e) {
            throw new ConsulFailure("read", path, e);
        }
        Buffer body = r.body();
        bytes.add(body == null ? 0 : body.length());
        if (r.statusCode() != 200) {
            throw new ConsulFailure("read", path, "HTTP " + r.statusCode() + " " + r.bodyAsString());
        }
        return r;
    }

    private static long index(String path, HttpResponse<Buffer> r) {
        String header = r.getHeader("X-Consul-Index");
        try {
            return Long.parseLong(header.trim());
        } catch (RuntimeException e) {
            throw new ConsulFailure("read", path, "answer without a valid X-Consul-Index: " + header);
        }
    }
}
