package io.converge.app;

import io.converge.config.ConvergeConfig;
import io.converge.consul.ConsulConnection;
import io.converge.kernel.AggregateController;
import io.converge.kernel.AggregateReconciler;
import io.converge.kernel.Backoff;
import io.converge.kernel.Controller;
import io.converge.kernel.Controllers;
import io.converge.kernel.EventSource;
import io.converge.kernel.KindController;
import io.converge.kernel.LeaderGate;
import io.converge.kernel.NodeIdentity;
import io.converge.kernel.OperatorState;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.Room;
import io.converge.kernel.RoomContext;
import io.converge.kernel.Trigger;
import io.converge.model.Kind;
import io.converge.store.consul.ConsulStatusStore;
import io.converge.store.consul.ConsulCatalog;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * {@code converge run}'s lifecycle: starts the shared watches, the cluster machinery and every room (a work queue
 * and the room's own event sources each), and stops them on shutdown, standing down from held locks.
 */
@ApplicationScoped
public class Operator implements OperatorState {
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
    private final AtomicBoolean shutdownBegun = new AtomicBoolean();
    private final List<EventSource> sources = new ArrayList<>();
    private volatile boolean running;
    private volatile boolean ready;
    private volatile List<Room> rooms = List.of();
    private Cluster cluster;

    /** Connects, loads the desired state and starts converging. Blocks until the first sync is under way. */
    public void start() throws InterruptedException {
        ConvergeConfig config = connections.config();
        ConsulConnection consul = connections.consul();
        Duration minLockDelay = Fencing.checkTiming(config.placement());
        Fencing.checkHandover(config);
        NodeIdentity node = NodeIdentities.await(consul, config.node().name());
        LOG.infof("node %s (address %s, meta %s); consul %s; docker %s", node.name(), node.address(), node.meta(),
                consul.settings(), connections.dockerHost());
        running = true;
        SpecWatch specs = wire(consul, config, node, minLockDelay);
        cluster.start();
        sources.forEach(EventSource::start);
        ShutdownSignals.install(this::shutdown);
        while (!sources.stream().allMatch(EventSource::synced)) {
            if (!running) {
                return;
            }
            Thread.sleep(20);
        }
        controllers.startAll();
        ready = true;
        LOG.infof("converging %s", rooms.stream().map(r -> specs.names(r.kind()).size() + " " + r.kind().plural())
                .collect(java.util.stream.Collectors.joining(", ")));
    }

    /**
     * Builds the shared watches (specs through the reference index, the catalog view), the cluster machinery, the
     * rooms and a work queue for each; nothing is started. Returns the spec watch.
     */
    private SpecWatch wire(ConsulConnection consul, ConvergeConfig config, NodeIdentity node,
                           Duration minLockDelay) {
        SpecWatch specs = new SpecWatch(new KvClient(consul), connections.paths(), null, config.consul().watchWait());
        References references = new References(controllers, specs);
        specs.sendTo(references);
        ConsulCatalog catalog = new ConsulCatalog(consul, config.consul().watchWait(), references::catalogChanged);
        cluster = new Cluster(consul, config, connections.paths().locks(), node, minLockDelay, endpoint(), references,
                this::fenced, controllers::resyncAll, meters);
        ConsulStatusStore statuses = new ConsulStatusStore(new KvClient(consul), connections.paths());
        rooms = Rooms.create(new RoomContext(node, config.kv().prefix(), specs, statuses, connections.validator(),
                cluster.placement(), cluster.leadership(), catalog, references, minLockDelay,
                InstantSource.system()), connections);
        references.bind(rooms, catalog);
        Backoff backoff = new Backoff(config.reconcile().backoffInitial(), config.reconcile().backoffMax());
        for (Room room : rooms) {
            specs.watch(room.kind());
            controllers.add(controllerOf(room, new KnownKeys(room, specs, statuses, references), backoff));
        }
        sources.add(specs);
        sources.add(catalog);
        sources.add(cluster.locks());
        rooms.forEach(r -> sources.addAll(r.sources()));
        cluster.onLeadershipGained(() -> rooms.stream().filter(r -> r.scope() == Room.Scope.LEADER)
                .forEach(r -> controllers.resync(r.kind())));
        return specs;
    }

    /** A room's engine: one pass per resource, or one whole applied for many (leader rooms gated). */
    private KindController controllerOf(Room room, KnownKeys known, Backoff backoff) {
        ConvergeConfig.Reconcile r = connections.config().reconcile();
        if (room.aggregate().isPresent()) {
            if (room.scope() == Room.Scope.LEADER) {
                throw new IllegalStateException(room.kind() + ": an aggregate room on the leader only is not supported");
            }
            return aggregateOf(room.kind(), room.aggregate().get(), known, backoff, r.aggregateSettle());
        }
        return new Controller(room.kind(), LeaderGate.of(room, cluster.leadership()), known, backoff, r.workers(),
                timer, InstantSource.system(), meters);
    }

    private <P> AggregateController<P> aggregateOf(Kind kind, AggregateReconciler<P> reconciler, KnownKeys known,
                                                   Backoff backoff, Duration settle) {
        return new AggregateController<>(kind, reconciler, known, backoff, settle, timer, InstantSource.system(),
                meters);
    }

    /** This node lost locks: each room stops what they hold at once, then looks at them again. */
    private void fenced(java.util.Set<ResourceKey> keys, String reason) {
        for (Room room : rooms) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            keys.stream().filter(k -> k.kind() == room.kind()).forEach(k -> names.add(k.name()));
            if (!names.isEmpty()) {
                room.fenced(names, reason);
            }
        }
        keys.forEach(k -> controllers.enqueue(k, Trigger.DESIRED));
    }

    /** converge's own HTTP endpoint, as shown in its registration in the local agent. */
    private static java.net.URI endpoint() {
        var c = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        String host = c.getOptionalValue("quarkus.http.host", String.class).filter(h -> !h.equals("0.0.0.0"))
                .orElse("127.0.0.1");
        int port = c.getOptionalValue("quarkus.http.port", Integer.class).orElse(9610);
        return java.net.URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/");
    }

    @Scheduled(every = "${converge.reconcile.resync-interval:10m}", delayed = "${converge.reconcile.resync-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resync() {
        if (running) {
            LOG.debug("periodic resync");
            controllers.resyncAll();
        }
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public List<EventSource> sources() {
        return List.copyOf(sources);
    }

    @Override
    public List<Room> rooms() {
        return rooms;
    }

    @Override
    public boolean agentAnswers(Duration limit) {
        try {
            return connections.consul().requestBytes("GET", "/v1/agent/self", null, limit).statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Stops converging: no session is made any more, the watches and work queues stop. Then, with a handover grace
     * ({@code converge.shutdown.handover-grace}), hands the node over to the next start: every instance keeps
     * running, every lock stays held, and the guard stands in until a new converge adopts them (or stands down for
     * it). Without one, or when the handover cannot be made, stands down: each room stops what the held resources
     * run here and releases their locks, and converge's registration (and with it its sessions) is removed. Runs
     * from the signal handler before the JVM's shutdown begins; converge's check keeps being passed throughout, so
     * the sessions outlive the stand-down. Runs once; a second call returns at once.
     */
    void shutdown() {
        if (!shutdownBegun.compareAndSet(false, true) || !running) {
            return;
        }
        boolean handover = !connections.config().shutdown().handoverGrace().isZero();
        LOG.infof(handover ? "shutting down; handing the node over: instances keep running, locks stay held for %s"
                : "shutting down; instances of held locks are stopped and their locks released, others left running%s",
                handover ? connections.config().shutdown().handoverGrace() : "");
        if (cluster != null) {
            cluster.stopRecreatingSessions();
        }
        running = false;
        ready = false;
        sources.forEach(Operator::close);
        controllers.stopAll(connections.config().reconcile().shutdownGrace());
        if (cluster != null && !(handover && cluster.handOver())) {
            StandDown.run(rooms, cluster.held(), StandDown.budget(connections.config()));
            cluster.close();
        }
        timer.shutdownNow();
    }

    /** A shutdown that did not come through a signal (or came before the handler was installed). */
    void onStop(@Observes ShutdownEvent event) {
        shutdown();
    }

    static void close(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debugf("close: %s", e.getMessage());
            }
        }
    }
}
