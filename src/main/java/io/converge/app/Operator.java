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
import io.converge.placement.CandidatePlacement;
import io.converge.placement.consul.NodeSession;
import io.converge.services.ContainerSpecs;
import io.converge.services.Owner;
import io.converge.services.ServiceReconciler;
import io.converge.services.consul.ConsulInstanceRegistry;
import io.converge.services.docker.DockerRuntime;
import io.converge.store.consul.ConsulStatusStore;
import io.converge.store.consul.HealthWatch;
import io.converge.store.consul.KvClient;
import io.converge.store.consul.SpecWatch;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * {@code converge run}: wires the watches, the event sources and the controllers, and stops them on shutdown,
 * leaving every container running.
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
    private NodeSession nodeSession;

    /** Connects, loads the desired state and starts converging. Blocks until the first sync is under way. */
    public void start() throws InterruptedException {
        ConvergeConfig config = connections.config();
        ConsulConnection consul = connections.consul();
        DockerRuntime docker = connections.docker();
        node = NodeIdentities.await(consul, config.node().name());
        LOG.infof("node %s (address %s, meta %s); consul %s; docker %s", node.name(), node.address(), node.meta(),
                consul.settings(), config.docker().host().orElse(DockerRuntime.defaultHost(System.getenv())));
        running = true;

        ConsulStatusStore statuses = new ConsulStatusStore(new KvClient(consul), connections.paths());
        specs = new SpecWatch(new KvClient(consul), connections.paths(), controllers, config.consul().watchWait());
        ConsulInstanceRegistry registry = new ConsulInstanceRegistry(consul);
        ServiceReconciler services = new ServiceReconciler(specs, statuses, connections.validator(),
                new CandidatePlacement(node), docker, registry,
                new ServiceReconciler.Settings(node, config.kv().prefix(), config.containers().nodeSuffix(),
                        config.docker().stopGrace()),
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
        nodeSession = new NodeSession(consul, node.name(), config.kv().prefix(), new NodeSession.Settings(liveUrl(),
                config.placement().liveCheckInterval(), config.placement().lockDelay(), config.consul().watchWait()));
        nodeSession.start();
        while (!specs.synced()) {
            if (!running) {
                return;
            }
            Thread.sleep(20);
        }
        controllers.startAll();
        ready = true;
        LOG.infof("converging %d services", specs.names(Kind.SERVICE).size());
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

    /** True while the spec and health watches' last queries succeeded. */
    public boolean consulHealthy() {
        return specs != null && specs.healthy() && health != null && health.healthy();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (!running) {
            return;
        }
        LOG.info("shutting down; containers are left running");
        running = false;
        ready = false;
        close(specs);
        close(health);
        close(dockerEvents);
        close(nodeSession);
        controllers.stopAll(connections.config().reconcile().shutdownGrace());
        timer.shutdownNow();
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
