package io.converge.store.consul;

import io.converge.consul.ConsulConnection;
import io.converge.kernel.CatalogInstance;
import io.converge.kernel.EventSource;
import io.converge.kernel.ServiceCatalog;
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
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The cluster's catalog and health from Consul, kept by three blocking queries whatever the number of services:
 * {@code /v1/health/state/any} (every check in the cluster), and {@code /v1/catalog/services} and
 * {@code /v1/catalog/nodes} used only as triggers: when either index moves, the registrations are re-read node by
 * node ({@code /v1/catalog/node/<node>}, one request per node, not per service). A health change costs one request
 * and no per-service read, since health is joined locally from the checks already held.
 *
 * <p>Why node scans and not per-service reads: in Consul 1.8 a re-registration that changes only a port, an
 * address or meta moves the services index but changes neither {@code /v1/catalog/services} nor any check, so no
 * answer names the service that changed; the node listing carries every registration.
 *
 * <p>Consistency: Consul's default mode (answered by the leader). The view joins two answers, registrations and
 * checks; the leader's answers are monotonic, so checks read after a registration are at least as new, and a
 * just-registered instance is never shown passing before its checks are known. Stale reads could pair a new
 * registration with a lagging follower's checks. The cost, no updates while the cluster has no leader, shows as
 * {@link #healthy()} false while the last view stays readable.
 *
 * <p>The listener gets the names of the services whose instances changed (added, removed, re-registered, or in
 * aggregated health), once per change, on a watch thread; the first complete view reports every service.
 */
public final class ConsulCatalog implements ServiceCatalog, EventSource {
    private static final Logger LOG = Logger.getLogger(ConsulCatalog.class);
    private static final String CHECKS = "/v1/health/state/any";

    private final ConsulConnection consul;
    private final Consumer<Set<String>> listener;
    private final List<BlockingWatch<?>> watches;
    private final LongAdder requests = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private volatile CatalogSnapshot snapshot = CatalogSnapshot.EMPTY;
    private volatile boolean synced;
    // guarded by this
    private Checks checks;
    private Map<String, NodeEntry> nodes;

    private record Checks(List<CheckRow> rows, long index) {
    }

    /** @param wait how long each blocking query waits for a change (Consul caps it at 10 minutes) */
    public ConsulCatalog(ConsulConnection consul, Duration wait, Consumer<Set<String>> listener) {
        this.consul = consul;
        this.listener = listener;
        this.watches = List.of(
                new BlockingWatch<>("catalog-checks", (index, w) -> readChecks(index, w), this::onChecks, wait),
                new BlockingWatch<>("catalog-services", (index, w) -> trigger("/v1/catalog/services", index, w),
                        moved -> rescan(), wait),
                new BlockingWatch<>("catalog-nodes", (index, w) -> trigger("/v1/catalog/nodes", index, w),
                        moved -> rescan(), wait));
    }

    @Override
    public String name() {
        return "catalog";
    }

    @Override
    public void start() {
        watches.forEach(BlockingWatch::start);
    }

    @Override
    public boolean synced() {
        return synced;
    }

    @Override
    public boolean healthy() {
        return watches.stream().allMatch(BlockingWatch::healthy);
    }

    @Override
    public List<CatalogInstance> instances(String service) {
        return snapshot.instances(service);
    }

    @Override
    public Set<String> servicesTagged(String tag) {
        return snapshot.servicesTagged(tag);
    }

    @Override
    public Set<String> services() {
        return snapshot.services();
    }

    /** Requests sent to Consul so far (blocking and plain). */
    public long requests() {
        return requests.sum();
    }

    /** Bytes of answer bodies read from Consul so far. */
    public long bytesRead() {
        return bytes.sum();
    }

    private BlockingWatch.Answer<Checks> readChecks(long index, Duration wait) {
        HttpResponse<Buffer> r = get(CHECKS, index, wait);
        long next = index(CHECKS, r);
        return new BlockingWatch.Answer<>(new Checks(CatalogJson.checks(CHECKS, r.bodyAsString()), next), next);
    }

    private BlockingWatch.Answer<Long> trigger(String path, long index, Duration wait) {
        long next = index(path, get(path, index, wait));
        return new BlockingWatch.Answer<>(next, next);
    }

    private void onChecks(Checks answer) {
        synchronized (this) {
            checks = answer;
        }
        publish();
    }

    /** Re-reads every node's registrations; then the checks too if those held may predate them. */
    private void rescan() {
        HttpResponse<Buffer> listing = get("/v1/catalog/nodes", -1, null);
        long newest = index("/v1/catalog/nodes", listing);
        Map<String, NodeEntry> read = new HashMap<>();
        for (String node : CatalogJson.nodeNames("/v1/catalog/nodes", listing.bodyAsString())) {
            String path = "/v1/catalog/node/" + URLEncoder.encode(node, StandardCharsets.UTF_8);
            HttpResponse<Buffer> r = get(path, -1, null);
            newest = Math.max(newest, index(path, r));
            NodeEntry entry = CatalogJson.node(path, r.bodyAsString());
            if (entry != null) {
                read.put(entry.node(), entry);
            }
        }
        boolean checksBehind;
        synchronized (this) {
            nodes = read;
            checksBehind = checks == null || checks.index() < newest;
        }
        if (checksBehind) {
            Checks fresh = readChecks(-1, null).value();
            synchronized (this) {
                if (checks == null || fresh.index() >= checks.index()) {
                    checks = fresh;
                }
            }
        }
        publish();
    }

    private void publish() {
        Set<String> changed;
        synchronized (this) {
            if (checks == null || nodes == null) {
                return;
            }
            CatalogSnapshot next = new CatalogSnapshot(nodes.values(), checks.rows());
            changed = CatalogSnapshot.changed(snapshot, next);
            snapshot = next;
            synced = true;
        }
        if (!changed.isEmpty()) {
            LOG.debugf("catalog: %d services changed: %s", changed.size(), changed.size() > 20 ? "…" : changed);
            listener.accept(changed);
        }
    }

    /** A GET; blocking when {@code index >= 0}. Fails with the path and status unless HTTP 200. */
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

    @Override
    public void close() {
        watches.forEach(BlockingWatch::close);
    }
}
