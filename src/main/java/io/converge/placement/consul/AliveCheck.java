package io.converge.placement.consul;

import io.converge.consul.ConsulConnection;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * converge's own registration in the local agent (service {@code converge}, id {@code converge.run.<prefix>}) and
 * its TTL check {@code converge-alive-<prefix>}, which the node's sessions are bound to. converge passes it every
 * interval ({@code PUT /v1/agent/check/pass}); the TTL is how long the sessions outlive the last pass: the handover
 * grace, so that a stopped converge's sessions (and locks) wait that long for the next start, which takes them
 * back by name. A service check, not a node check: a converge that is gone marks only its own registration
 * critical; Consul removes it after a minute critical.
 *
 * <p>Consul 1.8 keeps a check's status across re-registration, even with {@code Status: passing} in the new
 * definition, so registering is always followed by a pass (a session cannot be made on a critical check). It also
 * keeps checks that a re-registration no longer lists: the HTTP check {@code converge-live-<prefix>} of versions
 * before the handover is removed explicitly.
 */
public final class AliveCheck implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AliveCheck.class);

    private final ConsulConnection consul;
    private final String node;
    private final String prefix;
    private final URI endpoint;
    private final Duration interval;
    private final Duration ttl;
    private volatile boolean registered;
    private volatile boolean closed;
    private Thread thread;

    /**
     * @param endpoint converge's own HTTP endpoint (the address and port shown in the registration)
     * @param interval how often the check is passed
     * @param ttl      how long the check stays passing after the last pass
     */
    public AliveCheck(ConsulConnection consul, String node, String prefix, URI endpoint, Duration interval,
                      Duration ttl) {
        this.consul = consul;
        this.node = node;
        this.prefix = prefix;
        this.endpoint = endpoint;
        this.interval = interval;
        this.ttl = ttl;
    }

    /** {@code converge-alive-<prefix>}: the check the node's sessions are bound to. */
    public static String checkId(String prefix) {
        return "converge-alive-" + safe(prefix);
    }

    /** {@code converge.run.<prefix>}: a dot never appears in a Service name, so no instance id can collide. */
    public static String serviceId(String prefix) {
        return "converge.run." + safe(prefix);
    }

    private static String safe(String prefix) {
        return prefix.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    public String checkId() {
        return checkId(prefix);
    }

    /** Registers converge and its check (once per process, or again after a pass failed) and passes it. */
    public void ensure() {
        if (!registered) {
            JsonObject check = new JsonObject().put("CheckID", checkId()).put("Name", "converge alive on " + node)
                    .put("TTL", ttl.toMillis() + "ms").put("Status", "passing")
                    .put("DeregisterCriticalServiceAfter", "1m");
            JsonObject service = new JsonObject().put("ID", serviceId(prefix)).put("Name", "converge")
                    .put("Address", endpoint.getHost().replace("[", "").replace("]", "")).put("Port", endpoint.getPort())
                    .put("Meta", new JsonObject().put("converge-role", "operator").put("converge-kv-prefix", prefix))
                    .put("Check", check);
            consul.requestOk("PUT", "/v1/agent/service/register", service);
            consul.request("PUT", "/v1/agent/check/deregister/converge-live-" + safe(prefix), null);
            registered = true;
        }
        pass();
    }

    /** Passes the check now; a check the agent does not know (say, after it lost its state) is registered again. */
    public void pass() {
        var r = consul.request("PUT", "/v1/agent/check/pass/" + checkId(), null);
        if (r.statusCode() != 200) {
            registered = false;
            throw new IllegalStateException("passing " + checkId() + ": HTTP " + r.statusCode() + " "
                    + r.bodyAsString());
        }
    }

    /** Passes the check every interval on a thread of its own until {@link #close}. */
    public synchronized void start() {
        thread = new Thread(this::loop, "alive-check");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!closed) {
            try {
                ensure();
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warnf("alive check %s: %s", checkId(), e.getMessage());
                }
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Removes converge's registration (a stand-down): its sessions end with it. Never throws. */
    public void deregister() {
        try {
            consul.request("PUT", "/v1/agent/service/deregister/" + serviceId(prefix), null);
        } catch (RuntimeException e) {
            LOG.debugf("deregister %s: %s", serviceId(prefix), e.getMessage());
        }
    }

    /** Stops passing the check; the registration stays (the sessions live on for the TTL). */
    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
