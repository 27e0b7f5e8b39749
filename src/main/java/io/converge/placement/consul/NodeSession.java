package io.converge.placement.consul;

import io.converge.consul.BlockingIndex;
import io.converge.consul.ConsulConnection;
import io.converge.consul.ConsulFailure;
import io.converge.kernel.Backoff;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * This node's Consul session, named {@code converge:<prefix>:<node>}: bound to {@code serfHealth} (the agent is alive
 * in the cluster) and to converge's own TTL check ({@link AliveCheck}), with the configured lock-delay. Placement
 * locks are acquired with it. A session still valid when converge starts (a restart within the handover grace) is
 * taken back if it was made with the same lock-delay and checks, and with it its locks; a lost session is noticed
 * through a blocking query (no polling) and created again.
 */
public final class NodeSession implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeSession.class);

    /** How the session is made and watched. */
    public record Settings(Duration lockDelay, Duration watchWait) {

        Settings withLockDelay(Duration other) {
            return new Settings(other, watchWait);
        }
    }

    /** Told (on the session's thread) when a session is held and when one ended. */
    public interface Listener {
        void established(NodeSession session, String id);

        void lost(NodeSession session, String id);
    }

    private final ConsulConnection consul;
    private final String node;
    private final String prefix;
    private final AliveCheck alive;
    private final String checkId;
    private final Settings settings;
    private final String suffix;
    private final Listener listener;
    private volatile String id;
    /** Between attempts to take back or make a session while the agent does not answer. */
    private static final Backoff RETRY = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));

    private volatile boolean closed;
    private volatile boolean shuttingDown;
    private Thread thread;

    /**
     * @param prefix   the KV prefix: converges of different prefixes on one node keep separate sessions and checks
     * @param alive    converge's own check, which the session is bound to
     * @param suffix   appended to the name ({@code ""} for the node's main session; the lock-delay for the others)
     * @param listener told about sessions held and lost; may be null
     */
    public NodeSession(ConsulConnection consul, String node, String prefix, AliveCheck alive, Settings settings,
                       String suffix, Listener listener) {
        this.consul = consul;
        this.node = node;
        this.prefix = prefix;
        this.alive = alive;
        this.checkId = alive.checkId();
        this.settings = settings;
        this.suffix = suffix;
        this.listener = listener;
    }

    /** {@code converge:<prefix>:<node>}, plus {@code :<suffix>} for a session with another lock-delay. */
    public String name() {
        return "converge:" + prefix + ":" + node + (suffix.isEmpty() ? "" : ":" + suffix);
    }

    public Duration lockDelay() {
        return settings.lockDelay();
    }

    /** The current session id, if one is held. */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /** Makes sure of converge's check, takes back or creates the session, and keeps it; never throws. */
    public synchronized void start() {
        thread = new Thread(this::loop, "node-session");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        int failures = 0;
        while (!closed) {
            try {
                if (id == null) {
                    if (shuttingDown) {
                        return; // a session made now would hold nothing and outlive converge's registration
                    }
                    alive.ensure();
                    id = takeBack().orElseGet(this::create);
                    if (listener != null) {
                        listener.established(this, id);
                    }
                }
                watchUntilInvalidated(id);
                failures = 0;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                Duration delay = RETRY.delay(++failures);
                LOG.warnf("node session %s: %s; retrying in %s", name(), e.getMessage(), delay);
                sleep(delay.toMillis());
            }
        }
    }

    private Optional<String> takeBack() {
        JsonArray sessions = consul.requestOk("GET", "/v1/session/node/" + node, null).bodyAsJsonArray();
        for (int i = 0; sessions != null && i < sessions.size(); i++) {
            JsonObject s = sessions.getJsonObject(i);
            if (!name().equals(s.getString("Name"))) {
                continue;
            }
            if (madeLikeThis(s)) {
                LOG.infof("node session %s: took back session %s", name(), s.getString("ID"));
                return Optional.of(s.getString("ID"));
            }
            LOG.infof("node session %s: session %s has another lock-delay or checks; replacing it", name(),
                    s.getString("ID"));
            consul.requestOk("PUT", "/v1/session/destroy/" + s.getString("ID"), null);
        }
        return Optional.empty();
    }

    private boolean madeLikeThis(JsonObject s) {
        JsonArray checks = s.getValue("NodeChecks") instanceof JsonArray a ? a : new JsonArray();
        JsonArray serviceChecks = s.getValue("ServiceChecks") instanceof JsonArray a ? a : new JsonArray();
        boolean live = serviceChecks.stream().anyMatch(c -> c instanceof JsonObject o && checkId.equals(o.getString("ID")));
        return s.getLong("LockDelay", -1L) == settings.lockDelay().toNanos() && checks.contains("serfHealth")
                && checks.size() == 1 && live;
    }

    private String create() {
        JsonObject body = new JsonObject().put("Name", name()).put("Node", node)
                .put("NodeChecks", new JsonArray().add("serfHealth"))
                .put("ServiceChecks", new JsonArray().add(new JsonObject().put("ID", checkId)))
                .put("LockDelay", settings.lockDelay().toMillis() + "ms").put("Behavior", "release");
        String created = consul.requestOk("PUT", "/v1/session/create", body).bodyAsJsonObject().getString("ID");
        LOG.infof("node session %s: created session %s (lock-delay %s, checks serfHealth, %s)", name(), created,
                settings.lockDelay(), checkId);
        return created;
    }

    /** Blocks (a blocking query, no polling) until the session is gone; then forgets it. */
    private void watchUntilInvalidated(String session) {
        BlockingIndex index = new BlockingIndex();
        while (!closed) {
            Duration wait = settings.watchWait();
            long started = System.nanoTime();
            HttpResponse<Buffer> r = consul.requestBytes("GET", "/v1/session/info/" + session + "?index="
                    + index.current() + "&wait=" + wait.toSeconds() + "s", null,
                    wait.plus(wait.dividedBy(16)).plusSeconds(15));
            if (r.statusCode() != 200) {
                throw new ConsulFailure("session info", session, r.statusCode(), r.bodyAsString());
            }
            JsonArray info = r.bodyAsJsonArray();
            if (info == null || info.isEmpty()) {
                LOG.warnf("node session %s: session %s was invalidated; creating a new one", name(), session);
                id = null;
                if (listener != null) {
                    listener.lost(this, session);
                }
                return;
            }
            String header = r.getHeader("X-Consul-Index");
            boolean moved = header != null && index.advance(Long.parseLong(header.trim()));
            if (!moved && System.nanoTime() - started < 1_000_000_000L) {
                sleep(1000); // an answer that neither blocked nor moved the index: no busy loop
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Shutdown has begun: a session lost from now on is not made again (nothing could be held with it). */
    public void stopRecreating() {
        shuttingDown = true;
    }

    /** Stops keeping the session; the session itself is left to its checks (and to a restarted converge). */
    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
