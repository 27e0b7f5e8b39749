package io.converge.app;

import io.converge.config.ConvergeConfig;
import io.converge.consul.ConsulConnection;
import io.converge.kernel.Backoff;
import io.converge.kernel.Controller;
import io.converge.kernel.Controllers;
import io.converge.kernel.NodeIdentity;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.Trigger;
import io.converge.model.Kind;
import io.converge.placement.MonotonicClock;
import io.converge.placement.consul.ConsulLockStore;
import io.converge.placement.consul.ConsulPlacement;
import io.converge.placement.consul.LeaderElection;
import io.converge.placement.consul.NodeSession;
import io.converge.placement.consul.SessionPool;
import io.converge.placement.consul.KvCache;
import io.converge.services.ContainerSpecs;
import io.converge.services.Owner;
import io.converge.services.ServiceReconciler;
import io.converge.services.consul.ConsulInstanceRegistry;
import io.converge.services.docker.DockerRuntime;
import io.converge.store.consul.ConsulStatusStore;
import io.converge.store.consul.HealthWatch;
import io.converge.consul.KvClient;
import io.converge.store.consul.SpecWatch;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * {@code converge run}: wires the watches, the event sources, placement and the controllers, and stops them on
 * shutdown, standing down from held locks (their instances stopped) and leaving other containers running.
 */
@ApplicationScoped
public class Operator {
    private static final Logger LOG = Logger.getLogger(Operator.class);

    @Inject
    Connections connections;

    @Inject
    MeterRegistry meters;

    private final Controllers controllers = new Controllers();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "converge-timer");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running;
    private volatile boolean ready;
    private volatile NodeIdentity node;
    private SpecWatch specs;
    private HealthWatch health;
    private AutoCloseable dockerEvents;
    private SessionPool sessions;
    private KvCache locks;
    private ConsulPlacement placement;
    private LeaderElection leader;
    private ServiceReconciler services;
    private Thread holdSession;

    /** Connects, loads the desired state and starts converging. Blocks until the first sync is under way. */
    public void start() throws InterruptedException {
        ConvergeConfig config = connections.config();
        ConsulConnection consul = connections.consul();
        DockerRuntime docker = connections.docker();
        Duration minLockDelay = checkFencingTiming(config.placement());
        node = NodeIdentities.await(consul, config.node().name());
        LOG.infof("node %s (address %s, meta %s); consul %s; docker %s", node.name(), node.address(), node.meta(),
                consul.settings(), config.docker().host().orElse(DockerRuntime.defaultHost(System.getenv())));
        running = true;

        ConsulStatusStore statuses = new ConsulStatusStore(new KvClient(consul), connections.paths());
        specs = new SpecWatch(new KvClient(consul), connections.paths(), controllers, config.consul().watchWait());
        startPlacement(consul, config, minLockDelay);
        ConsulInstanceRegistry registry = new ConsulInstanceRegistry(consul);
        services = new ServiceReconciler(specs, statuses, connections.validator(), placement, docker, registry,
                new ServiceReconciler.Settings(node, config.kv().prefix(), config.containers().nodeSuffix(),
                        config.docker().stopGrace(), minLockDelay),
                InstantSource.system());
        Backoff backoff = new Backoff(config.reconcile().backoffInitial(), config.reconcile().backoffMax());
        controllers.add(new Controller(Kind.SERVICE, services, () -> serviceKeys(statuses, docker, registry),
                backoff, config.reconcile().workers(), timer, InstantSource.system(), meters));

        specs.start(Set.of(Kind.SERVICE));
        Owner owner = new Owner(node.name(), config.kv().prefix());
        dockerEvents = docker.events(owner, name -> controllers.enqueue(key(name), Trigger.OBSERVED),
                controllers::resyncAll);
        health = new HealthWatch(consul.client(), node.name(), config.consul().watchWait(), name -> {
            if (specs.get(Kind.SERVICE, name).isPresent()) {
                controllers.enqueue(key(name), Trigger.OBSERVED);
            }
        });
        health.start();
        locks.start();
        sessions.start();
        // as early as a shutdown can be seen: before Quarkus takes the liveness endpoint (and so the session) away
        holdSession = new Thread(() -> sessions.main().holdThroughShutdown(
                config.reconcile().shutdownGrace().plus(config.docker().stopGrace()).plusSeconds(15)), "hold-session");
        Runtime.getRuntime().addShutdownHook(holdSession);
        while (!specs.synced() || !locks.synced()) {
            if (!running) {
                return;
            }
            Thread.sleep(20);
        }
        controllers.startAll();
        ready = true;
        LOG.infof("converging %d services", specs.names(Kind.SERVICE).size());
    }

    /**
     * The node's sessions, the cache of the lock keys, lock placement with self-fencing, and the leader election.
     * A lock change enqueues its service (jumping any backoff: a freed lock must be taken at once).
     */
    private void startPlacement(ConsulConnection consul, ConvergeConfig config, Duration minLockDelay) {
        KvClient kv = new KvClient(consul);
        String locksDir = connections.paths().locks();
        locks = new KvCache(kv, locksDir, config.consul().watchWait(), changed -> {
            placement.changed(changed).forEach(name -> controllers.enqueue(key(name), Trigger.DESIRED));
            if (changed.contains(leader.key())) {
                leader.evaluateSoon();
            }
        });
        sessions = new SessionPool(consul, node.name(), config.kv().prefix(), new NodeSession.Settings(liveUrl(),
                config.placement().liveCheckInterval(), config.placement().lockDelay(), config.consul().watchWait()),
                new NodeSession.Listener() {
                    @Override
                    public void established(NodeSession session, String id) {
                        leader.evaluateSoon();
                        controllers.resyncAll();
                    }

                    @Override
                    public void lost(NodeSession session, String id) {
                        placement.sessionLost(id);
                        leader.evaluateSoon();
                    }
                });
        ConsulLockStore store = new ConsulLockStore(consul);
        placement = new ConsulPlacement(store, locks, sessions, locksDir, node, config.placement().fenceAfter(),
                minLockDelay, (keys, reason) -> keys.forEach(k -> {
                    services.fence(k.name());
                    controllers.enqueue(k, Trigger.DESIRED);
                }), InstantSource.system(), MonotonicClock.system());
        leader = new LeaderElection(store, placement, locksDir, node.name());
        placement.start();
        meters.gauge("converge_leader", leader, l -> l.leading() ? 1 : 0);
    }

    /**
     * Refuses a configuration under which fencing could come too late: a node must kill its instances before any
     * other node can acquire the locks, i.e. within lock-delay of the last moment Consul proved its session valid.
     * Returns the shortest lock-delay a Service may ask for.
     */
    static Duration checkFencingTiming(ConvergeConfig.Placement p) {
        Duration min = p.fenceAfter().plus(p.fenceKillBudget());
        if (min.compareTo(p.lockDelay()) > 0) {
            throw new IllegalStateException("converge.placement.fence-after (" + p.fenceAfter()
                    + ") + converge.placement.fence-kill-budget (" + p.fenceKillBudget()
                    + ") must not exceed converge.placement.lock-delay (" + p.lockDelay()
                    + "): a partitioned node would fence after another node could already take its locks");
        }
        if (p.lockDelay().compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalStateException("converge.placement.lock-delay (" + p.lockDelay()
                    + ") is above Consul's limit of 60s");
        }
        if (p.fenceAfter().compareTo(Duration.ofMillis(200)) < 0) {
            throw new IllegalStateException("converge.placement.fence-after (" + p.fenceAfter()
                    + ") is too short to confirm a session with Consul; use at least 200ms");
        }
        return min;
    }

    /** The leader election, for cluster-scoped work. */
    public LeaderElection leadership() {
        return leader;
    }

    /** converge's own liveness endpoint, as the local agent reaches it. */
    private static String liveUrl() {
        var c = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        String host = c.getOptionalValue("quarkus.http.host", String.class).filter(h -> !h.equals("0.0.0.0"))
                .orElse("127.0.0.1");
        int port = c.getOptionalValue("quarkus.http.port", Integer.class).orElse(9610);
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/q/health/live";
    }

    private static ResourceKey key(String name) {
        return new ResourceKey(Kind.SERVICE, name);
    }

    /** Specs, statuses, managed containers and managed registrations: so orphans of each kind are found. */
    private Collection<String> serviceKeys(ConsulStatusStore statuses, DockerRuntime docker,
                                           ConsulInstanceRegistry registry) {
        Set<String> names = new HashSet<>(specs.names(Kind.SERVICE));
        try {
            names.addAll(statuses.names(Kind.SERVICE));
            docker.listManaged(new Owner(node.name(), connections.config().kv().prefix()))
                    .forEach(i -> names.add(i.service()));
            registry.managedIds(connections.config().kv().prefix()).forEach(id -> names.add(id.substring(ContainerSpecs.registrationId("").length())));
        } catch (RuntimeException e) {
            LOG.warnf("resync: could not list everything (%s); the next resync tries again", e.getMessage());
        }
        names.remove(null);
        return names;
    }

    @Scheduled(every = "${converge.reconcile.resync-interval:10m}", delayed = "${converge.reconcile.resync-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resync() {
        if (running) {
            LOG.debug("periodic resync");
            controllers.resyncAll();
        }
    }

    public boolean ready() {
        return ready;
    }

    public boolean running() {
        return running;
    }

    /** True while the spec, health and lock watches' last queries succeeded. */
    public boolean consulHealthy() {
        return specs != null && specs.healthy() && health != null && health.healthy() && locks != null
                && locks.healthy();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (!running) {
            return;
        }
        LOG.info("shutting down; instances of held locks are stopped and their locks released, others left running");
        running = false;
        ready = false;
        close(specs);
        close(health);
        close(dockerEvents);
        controllers.stopAll(connections.config().reconcile().shutdownGrace());
        standDown();
        close(leader);
        close(placement);
        close(locks);
        close(sessions);
        if (sessions != null) {
            try {
                if (holdSession != null) {
                    holdSession.join(2000); // it must not register converge again after this
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sessions.main().deregister(); // its sessions end with it: nothing is held any more
        }
        timer.shutdownNow();
    }

    /**
     * Stops the instances of every lock this node holds and releases the locks: once converge is gone nobody
     * could fence them, and a standby takes over at once. Instances of {@code every} Services keep running.
     */
    private void standDown() {
        if (placement == null) {
            return;
        }
        Set<ResourceKey> held = placement.held();
        if (held.isEmpty()) {
            return;
        }
        // in parallel: each stop may take the whole stop grace
        var pool = Executors.newFixedThreadPool(Math.min(8, held.size()));
        for (ResourceKey k : held) {
            pool.execute(() -> {
                try {
                    services.standDown(k.name());
                    LOG.infof("services/%s: stood down: instance removed, lock released", k.name());
                } catch (RuntimeException e) {
                    LOG.warnf("services/%s: standing down failed: %s", k.name(), e.getMessage());
                }
            });
        }
        pool.shutdown();
        try {
            Duration grace = connections.config().docker().stopGrace().plusSeconds(5);
            if (!pool.awaitTermination(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                LOG.warnf("standing down took longer than %s; exiting (the fence of the next start finishes it)",
                        grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debugf("close: %s", e.getMessage());
            }
        }
    }
}
