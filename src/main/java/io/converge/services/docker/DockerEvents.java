package io.converge.services.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.converge.kernel.Backoff;
import io.converge.kernel.EventSource;
import io.converge.services.Labels;
import io.converge.services.Owner;
import java.io.Closeable;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Docker's event stream for this node's managed containers, turned into service names. Re-subscribes with
 * backoff when the stream ends (dockerd restarted) and then reports {@code reconnected}, since events may have
 * been missed meanwhile.
 */
final class DockerEvents implements EventSource {
    private static final Logger LOG = Logger.getLogger(DockerEvents.class);
    /** Lifecycle actions that may mean drift; the rest (exec, attach, create, kill before die) are noise. */
    private static final Set<String> ACTIONS = Set.of("start", "die", "destroy", "pause", "unpause", "rename",
            "update", "oom", "stop");

    private final DockerClient docker;
    private final Owner owner;
    private final Consumer<String> serviceChanged;
    private final Runnable reconnected;
    private volatile boolean closed;
    private volatile Closeable subscription;
    private volatile int failures;

    DockerEvents(DockerClient docker, Owner owner, Consumer<String> serviceChanged, Runnable reconnected) {
        this.docker = docker;
        this.owner = owner;
        this.serviceChanged = serviceChanged;
        this.reconnected = reconnected;
    }

    @Override
    public String name() {
        return "docker-events";
    }

    @Override
    public void start() {
        try {
            subscribe();
        } catch (RuntimeException e) {
            LOG.warnf("docker events: subscribe failed (%s); retrying", e.getMessage());
            resubscribeLater();
        }
    }

    /** Nothing to load: the containers themselves are listed by each pass. */
    @Override
    public boolean synced() {
        return true;
    }

    /** True while subscribed (not between a failed stream and the next subscription). */
    @Override
    public boolean healthy() {
        return failures == 0;
    }

    private void subscribe() {
        if (closed) {
            return;
        }
        subscription = docker.eventsCmd().withEventTypeFilter(EventType.CONTAINER)
                .withLabelFilter(owner.labels())
                .exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onStart(Closeable stream) {
                        super.onStart(stream);
                        if (failures > 0) {
                            LOG.infof("docker events: resubscribed after %d attempts", failures);
                            failures = 0;
                            reconnected.run();
                        }
                    }

                    @Override
                    public void onNext(Event event) {
                        String action = event.getAction() == null ? event.getStatus() : event.getAction();
                        if (event.getActor() == null || action == null || !ACTIONS.contains(action)) {
                            return;
                        }
                        String service = event.getActor().getAttributes().get(Labels.SERVICE);
                        if (service != null) {
                            serviceChanged.accept(service);
                        }
                    }

                    @Override
                    public void onError(Throwable error) {
                        if (!closed) {
                            LOG.warnf("docker events: stream failed (%s); resubscribing", error.getMessage());
                        }
                        resubscribeLater();
                    }

                    @Override
                    public void onComplete() {
                        resubscribeLater();
                    }
                });
    }

    private void resubscribeLater() {
        if (closed) {
            return;
        }
        failures++;
        long delay = Backoff.RECONNECT.delay(failures).toMillis();
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(delay);
                subscribe();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.debugf("docker events: subscribe failed: %s", e.getMessage());
                resubscribeLater();
            }
        }, "docker-events-retry");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (subscription != null) {
                subscription.close();
            }
        } catch (Exception e) {
            LOG.debugf("docker events: close: %s", e.getMessage());
        }
    }
}
