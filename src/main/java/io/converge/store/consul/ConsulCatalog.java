package io.converge.store.consul;

import io.converge.consul.BlockingWatch;
import io.converge.consul.ConsulConnection;
import io.converge.kernel.CatalogInstance;
import io.converge.kernel.EventSource;
import io.converge.kernel.ServiceCatalog;
import io.converge.store.consul.CatalogJson.NodeEntry;
import io.converge.store.consul.CatalogReads.Checks;
import io.converge.store.consul.CatalogReads.Scan;
import java.util.Map;
import java.time.Duration;
import java.util.List;
import java.util.Set;
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
 * <p>Failures: each query is a {@link BlockingWatch}: a failed request or scan (agent down or restarting, a
 * non-200 answer, a missing or malformed {@code X-Consul-Index}) makes {@link #healthy()} false and is retried with
 * backoff from index 0, so the first answer after recovery carries the whole state and the diff reports what
 * changed meanwhile; an index going backwards resets to 0; an answer that neither blocked nor moved the index
 * pauses the loop for a second instead of spinning. The last view stays readable throughout.
 *
 * <p>The listener gets the names of the services whose instances changed (added, removed, re-registered, or in
 * aggregated health), once per change, on a watch thread; the first complete view reports every service.
 */
public final class ConsulCatalog implements ServiceCatalog, EventSource {
    private static final Logger LOG = Logger.getLogger(ConsulCatalog.class);

    private final Consumer<Set<String>> listener;
    private final List<BlockingWatch<?>> watches;
    private final CatalogReads reads;
    private volatile CatalogSnapshot snapshot = CatalogSnapshot.EMPTY;
    private volatile boolean synced;
    /** One scan at a time: a scan that started later must not be overwritten by an older one finishing last. */
    private final Object scanning = new Object();
    // guarded by this
    private Checks checks;
    private Map<String, NodeEntry> nodes;

    /** @param wait how long each blocking query waits for a change (Consul caps it at 10 minutes) */
    public ConsulCatalog(ConsulConnection consul, Duration wait, Consumer<Set<String>> listener) {
        this.reads = new CatalogReads(consul);
        this.listener = listener;
        this.watches = List.of(
                new BlockingWatch<>("catalog-checks", (index, w) -> readChecks(index, w), this::onChecks, wait),
                new BlockingWatch<>("catalog-services", (index, w) -> trigger("/v1/catalog/services", index, w),
                        moved -> rescan(), wait),
                new BlockingWatch<>("catalog-nodes", (index, w) -> trigger(CatalogReads.NODES, index, w),
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
        return reads.requests.sum();
    }

    /** Bytes of answer bodies read from Consul so far. */
    public long bytesRead() {
        return reads.bytes.sum();
    }

    private BlockingWatch.Answer<Checks> readChecks(long index, Duration wait) {
        Checks answer = reads.checks(index, wait);
        return new BlockingWatch.Answer<>(answer, answer.index());
    }

    private BlockingWatch.Answer<Long> trigger(String path, long index, Duration wait) {
        long next = reads.index(path, index, wait);
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
        synchronized (scanning) {
            scan();
        }
    }

    private void scan() {
        Scan scan = reads.scan();
        boolean checksBehind;
        synchronized (this) {
            nodes = scan.nodes();
            checksBehind = checks == null || checks.index() < scan.index();
        }
        if (checksBehind) {
            Checks fresh = reads.checks(-1, null);
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
            try {
                listener.accept(changed);
            } catch (RuntimeException e) {
                // a listener's failure is not Consul's: it must not make the view unhealthy or re-read
                LOG.errorf(e, "catalog: the listener failed on %d changed services", changed.size());
            }
        }
    }

    @Override
    public void close() {
        watches.forEach(BlockingWatch::close);
    }
}
