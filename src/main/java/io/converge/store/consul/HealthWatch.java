package io.converge.store.consul;

import io.converge.consul.BlockingWatch;
import io.converge.consul.ConsulFailure;
import io.vertx.ext.consul.BlockingQueryOptions;
import io.vertx.ext.consul.Check;
import io.vertx.ext.consul.CheckList;
import io.vertx.ext.consul.CheckQueryOptions;
import io.vertx.mutiny.ext.consul.ConsulClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One blocking query on this node's health checks ({@code /v1/health/node/<node>}): each Consul service whose
 * check status changed is handed to the listener by name. This is the seam through which health and catalog
 * changes reach the work queues (the Service room now; the DNAT, route and DNS rooms later).
 */
public final class HealthWatch implements AutoCloseable {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(HealthWatch.class);
    private final BlockingWatch<List<Check>> watch;
    private final Consumer<String> serviceChanged;
    private Map<String, String> lastStatus = Map.of();

    public HealthWatch(ConsulClient consul, String node, Duration wait, Consumer<String> serviceChanged) {
        this.serviceChanged = serviceChanged;
        this.watch = new BlockingWatch<>("health/node/" + node, (index, timeout) -> {
            CheckQueryOptions options = new CheckQueryOptions().setBlockingOptions(
                    new BlockingQueryOptions().setIndex(index).setWait(timeout.toSeconds() + "s"));
            try {
                CheckList list = consul.healthNodesWithOptions(node, options).await()
                        .atMost(timeout.plus(timeout.dividedBy(16)).plusSeconds(15));
                return new BlockingWatch.Answer<>(list.getList() == null ? List.of() : list.getList(),
                        list.getIndex());
            } catch (RuntimeException e) {
                throw new ConsulFailure("watch", "/v1/health/node/" + node, e);
            }
        }, this::update, wait);
    }

    public void start() {
        watch.start();
    }

    public boolean healthy() {
        return watch.healthy();
    }

    private void update(List<Check> checks) {
        Map<String, String> next = new HashMap<>();
        for (Check c : checks) {
            if (c.getServiceName() != null && !c.getServiceName().isEmpty()) {
                next.merge(c.getServiceName(), c.getId() + "=" + c.getStatus(), (a, b) -> a + "," + b);
            }
        }
        Set<String> changed = new HashSet<>();
        synchronized (this) {
            for (String name : next.keySet()) {
                if (!Objects.equals(next.get(name), lastStatus.get(name))) {
                    changed.add(name);
                }
            }
            for (String name : lastStatus.keySet()) {
                if (!next.containsKey(name)) {
                    changed.add(name);
                }
            }
            lastStatus = next;
        }
        LOG.debugf("health of node: %d checks, changed: %s", checks.size(), changed);
        changed.forEach(serviceChanged);
    }

    @Override
    public void close() {
        watch.close();
    }
}
