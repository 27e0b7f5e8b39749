package io.converge.services.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.converge.services.ContainerRuntime;
import io.converge.services.ContainerSpec;
import io.converge.services.Instance;
import io.converge.services.Labels;
import io.converge.kernel.EventSource;
import io.converge.services.Owner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** {@link ContainerRuntime} on the Docker Engine API through docker-java. */
public final class DockerRuntime implements ContainerRuntime, AutoCloseable {
    private final DockerClient docker;
    private final String host;
    private final ContainerDns dns;

    /** On the engine at {@code dockerHost}, containers keeping Docker's default resolvers. */
    public DockerRuntime(String dockerHost) {
        this(dockerHost, ContainerDns.DOCKER_DEFAULT);
    }

    /** On the engine at {@code dockerHost}; bridge-networked containers are created with {@code dns}. */
    public DockerRuntime(String dockerHost, ContainerDns dns) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost).build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
                .maxConnections(32).connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofMinutes(2))
                .build();
        this.docker = DockerClientImpl.getInstance(config, http);
        this.host = dockerHost;
        this.dns = dns;
    }

    /** The engine address: {@code DOCKER_HOST} when set, else the local socket. */
    public static String defaultHost(Map<String, String> env) {
        String h = env.get("DOCKER_HOST");
        return h == null || h.isBlank() ? "unix:///var/run/docker.sock" : h;
    }

    DockerClient client() {
        return docker;
    }

    @Override
    public List<Instance> listManaged(Owner owner) {
        List<Container> containers = call("list containers", owner.node(), () -> docker.listContainersCmd()
                .withShowAll(true).withLabelFilter(owner.labels()).exec());
        List<Instance> out = new ArrayList<>();
        for (Container c : containers) {
            String name = c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0].substring(1);
            out.add(new Instance(c.getId(), name, c.getImage(), c.getLabels() == null ? Map.of() : c.getLabels(),
                    c.getState(), -1, null, null));
        }
        return out;
    }

    @Override
    public List<Instance> instancesOf(Owner owner, String service) {
        List<Container> containers = call("list containers", service, () -> docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(withService(owner, service)).exec());
        List<Instance> out = new ArrayList<>();
        for (Container c : containers) {
            inspect(c.getId()).ifPresent(out::add);
        }
        return out;
    }

    private static Map<String, String> withService(Owner owner, String service) {
        Map<String, String> labels = new java.util.HashMap<>(owner.labels());
        labels.put(Labels.SERVICE, service);
        return labels;
    }

    @Override
    public Optional<Instance> inspect(String idOrName) {
        InspectContainerResponse r;
        try {
            r = call("inspect", idOrName, () -> docker.inspectContainerCmd(idOrName).exec());
        } catch (RuntimeFailure e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
        var state = r.getState();
        Map<String, String> labels = r.getConfig() == null || r.getConfig().getLabels() == null ? Map.of()
                : r.getConfig().getLabels();
        return Optional.of(new Instance(r.getId(), r.getName().startsWith("/") ? r.getName().substring(1)
                : r.getName(), r.getConfig() == null ? "" : r.getConfig().getImage(), labels,
                state.getStatus(), state.getExitCodeLong() == null ? 0 : state.getExitCodeLong().intValue(),
                address(r), state.getStartedAt()));
    }

    private static String address(InspectContainerResponse r) {
        if (r.getNetworkSettings() == null || r.getNetworkSettings().getNetworks() == null) {
            return null;
        }
        return r.getNetworkSettings().getNetworks().values().stream().map(ContainerNetwork::getIpAddress)
                .filter(ip -> ip != null && !ip.isEmpty()).findFirst().orElse(null);
    }

    @Override
    public boolean imagePresent(String image) {
        try {
            call("inspect image", image, () -> docker.inspectImageCmd(image).exec());
            return true;
        } catch (RuntimeFailure e) {
            if (e.notFound()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void pull(String image) {
        ImageRef ref = ImageRef.parse(image);
        call("pull", image, () -> {
            try {
                return docker.pullImageCmd(ref.repository()).withTag(ref.tag()).start()
                        .awaitCompletion(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        });
    }

    @Override
    public String create(ContainerSpec spec) {
        return call("create", spec.name(), () -> {
            HostConfig hostConfig = DockerMapping.hostConfig(spec, dns);
            CreateContainerCmd cmd = docker.createContainerCmd(spec.image()).withName(spec.name())
                    .withLabels(spec.labels()).withEnv(DockerMapping.env(spec)).withHostConfig(hostConfig)
                    .withExposedPorts(DockerMapping.exposedPorts(spec));
            if (!spec.entrypoint().isEmpty()) {
                cmd.withEntrypoint(spec.entrypoint());
            }
            if (!spec.cmd().isEmpty()) {
                cmd.withCmd(spec.cmd());
            }
            return cmd.exec().getId();
        });
    }

    @Override
    public void start(String id) {
        try {
            call("start", id, () -> docker.startContainerCmd(id).exec());
        } catch (RuntimeFailure e) {
            if (!(e.getCause() instanceof NotModifiedException)) {
                throw e;
            }
        }
    }

    @Override
    public void stop(String id, Duration grace) {
        try {
            call("stop", id, () -> docker.stopContainerCmd(id).withTimeout((int) grace.toSeconds()).exec());
        } catch (RuntimeFailure e) {
            if (!e.notFound() && !(e.getCause() instanceof NotModifiedException)) {
                throw e;
            }
        }
    }

    @Override
    public void remove(String id) {
        try {
            call("remove", id, () -> docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec());
        } catch (RuntimeFailure e) {
            if (!e.notFound()) {
                throw e;
            }
        }
    }

    @Override
    public EventSource events(Owner owner, Consumer<String> serviceChanged, Runnable reconnected) {
        return new DockerEvents(docker, owner, serviceChanged, reconnected);
    }

    @Override
    public ExecResult exec(String id, List<String> command, Duration timeout) {
        return call("exec " + command.get(0) + " in", id, () -> {
            try {
                return DockerExec.run(docker, id, command, timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        });
    }

    @Override
    public void ping() {
        call("ping", host, () -> docker.pingCmd().exec());
    }

    @Override
    public void close() throws Exception {
        docker.close();
    }

    private interface Call<T> {
        T run();
    }

    private static <T> T call(String operation, String target, Call<T> call) {
        try {
            return call.run();
        } catch (RuntimeFailure e) {
            throw e;
        } catch (NotModifiedException e) {
            throw new RuntimeFailure("docker " + operation + " " + target + ": not modified", e, false, false);
        } catch (NotFoundException e) {
            throw new RuntimeFailure("docker " + operation + " " + target + ": not found: " + message(e), e, false,
                    true);
        } catch (ConflictException e) {
            throw new RuntimeFailure("docker " + operation + " " + target + ": conflict: " + message(e), e, true,
                    false);
        } catch (DockerException | IllegalStateException | com.github.dockerjava.api.exception.DockerClientException e) {
            throw new RuntimeFailure("docker " + operation + " " + target + ": " + message(e), e, false, false);
        } catch (RuntimeException e) {
            throw new RuntimeFailure("docker " + operation + " " + target + ": " + e, e, false, false);
        }
    }

    private static String message(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }
}
