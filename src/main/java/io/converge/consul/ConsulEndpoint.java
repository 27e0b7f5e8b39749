package io.converge.consul;

import java.util.Set;

/**
 * The endpoint of a Consul HTTP request as a metric tag: the path's API words only ({@code /v1/kv},
 * {@code /v1/session/info}, {@code /v1/agent/service/register}, {@code /v1/health/state}), never a key, a node,
 * a service id or a query. The tag's values are bounded by construction: every kept segment is one of a fixed
 * vocabulary, at most {@value #MAX_WORDS} of them, and everything from the first other segment on is dropped.
 */
public final class ConsulEndpoint {
    private static final int MAX_WORDS = 5;
    /** Consul's fixed path words (API groups and operations); anything else is a name, an id or a key. */
    private static final Set<String> WORDS = Set.of(
            "agent", "self", "members", "join", "leave", "force-leave", "maintenance", "metrics", "reload", "token",
            "service", "services", "register", "deregister", "check", "checks", "update", "pass", "warn", "fail",
            "health", "id", "name", "session", "create", "destroy", "info", "node", "nodes", "list", "renew",
            "catalog", "datacenters", "state", "connect", "status", "leader", "peers", "txn", "event", "fire",
            "acl", "coordinate", "operator", "raft", "autopilot", "query", "snapshot", "config");

    private ConsulEndpoint() {
    }

    /**
     * The endpoint of a request path (with or without its query): {@code /v1/kv/a/b?index=3} →
     * {@code /v1/kv}; {@code /v1/session/info/<uuid>} → {@code /v1/session/info}; a path outside {@code /v1/}
     * → {@code /other}.
     */
    public static String of(String pathAndQuery) {
        String path = pathAndQuery;
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        if (!path.startsWith("/v1/")) {
            return "/other";
        }
        StringBuilder endpoint = new StringBuilder("/v1");
        String[] segments = path.substring(4).split("/", -1);
        if (segments[0].equals("kv")) {
            return "/v1/kv";
        }
        for (int i = 0; i < segments.length && i < MAX_WORDS && WORDS.contains(segments[i]); i++) {
            endpoint.append('/').append(segments[i]);
        }
        return endpoint.length() == 3 ? "/v1/other" : endpoint.toString();
    }

    /** Whether the query asks to block: an {@code index} parameter other than 0. */
    public static boolean blocking(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        if (q < 0) {
            return false;
        }
        for (String param : pathAndQuery.substring(q + 1).split("&")) {
            if (param.startsWith("index=") && !param.equals("index=") && !param.equals("index=0")) {
                return true;
            }
        }
        return false;
    }
}
