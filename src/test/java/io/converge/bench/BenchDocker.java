package io.converge.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The local dockerd through docker-java (converge's own client library): the raw create+start the benches
 * compare converge with, listings by label, forced removal, and the container event stream with Docker's own
 * timestamps.
 */
final class BenchDocker implements AutoCloseable {
    /** One container event: its action (create, start, die, destroy), container id, labels and name, daemon time. */
    record Ev(String action, String id, Map<String, String> attributes, long timeNano) {
        String attr(String key) {
            return attributes.get(key);
        }
    }

    private final DockerClient docker;
    private final List<Ev> events = new ArrayList<>();
    private final List<ResultCallback.Adapter<Event>> streams = new ArrayList<>();

    BenchDocker() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock")).build();
        docker = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).maxConnections(16).connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofMinutes(2)).build());
    }

    DockerClient client() {
        return docker;
    }

    String version() {
        return docker.versionCmd().exec().getVersion();
    }

    /** Fails naming the image when the daemon does not have it. */
    void requireImage(String image) {
        try {
            docker.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new Bench.Failed("image " + image + " not found in the local dockerd (deploy/dev/setup.sh builds it)");
        }
    }

    /**
     * Starts recording container events (create, start, die, destroy) of which {@code keep} holds; returns once
     * the daemon has answered, so that no later event is missed.
     */
    void watchEvents(Predicate<Ev> keep) throws InterruptedException {
        ResultCallback.Adapter<Event> stream = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Event e) {
                Map<String, String> attrs = e.getActor() == null || e.getActor().getAttributes() == null ? Map.of()
                        : e.getActor().getAttributes();
                Ev ev = new Ev(String.valueOf(e.getAction()), e.getId(), attrs, e.getTimeNano() == null ? 0
                        : e.getTimeNano());
                if (keep.test(ev)) {
                    synchronized (events) {
                        events.add(ev);
                        events.notifyAll();
                    }
                }
            }
        };
        docker.eventsCmd().withEventTypeFilter(EventType.CONTAINER)
                .withEventFilter("create", "start", "die", "destroy").exec(stream);
        if (!stream.awaitStarted(10, TimeUnit.SECONDS)) {
            throw new Bench.Failed("the Docker event stream did not start within 10 s");
        }
        streams.add(stream);
    }

    /** The first recorded event for which the condition holds, waiting up to the timeout; empty if none came. */
    Optional<Ev> await(Predicate<Ev> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (Ev e : events) {
                    if (condition.test(e)) {
                        return Optional.of(e);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
        }
    }

    /** The recorded events for which the condition holds now. */
    List<Ev> recorded(Predicate<Ev> condition) {
        synchronized (events) {
            return events.stream().filter(condition).toList();
        }
    }

    /**
     * Creates a container of the image with port 8080 exposed (bound to {@code hostPort} when above 0) on the
     * bridge network, no restart policy; returns its id.
     */
    String create(String name, String image, Map<String, String> labels, int hostPort) {
        HostConfig host = HostConfig.newHostConfig().withNetworkMode("bridge")
                .withRestartPolicy(RestartPolicy.noRestart());
        if (hostPort > 0) {
            host.withPortBindings(PortBinding.parse(hostPort + ":8080"));
        }
        return docker.createContainerCmd(image).withName(name).withEnv(List.of()).withLabels(labels)
                .withExposedPorts(ExposedPort.tcp(8080)).withHostConfig(host).exec().getId();
    }

    void start(String id) {
        docker.startContainerCmd(id).exec();
    }

    /** Stops (grace 10 s) and removes, as converge removes an instance. */
    void stopAndRemove(String id) {
        try {
            docker.stopContainerCmd(id).withTimeout(10).exec();
        } catch (NotFoundException | NotModifiedException e) {
            // gone or stopped already
        }
        remove(id);
    }

    void remove(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // gone already
        }
    }

    /** Containers carrying every one of the labels ({@code key=value}), running or not unless runningOnly. */
    List<Container> withLabels(List<String> labels, boolean runningOnly) {
        return docker.listContainersCmd().withShowAll(!runningOnly).withLabelFilter(labels).exec();
    }

    static String name(Container c) {
        return c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0].substring(1);
    }

    @Override
    public void close() throws Exception {
        for (ResultCallback.Adapter<Event> s : streams) {
            s.close();
        }
        docker.close();
    }
}
