package io.converge.services.fakes;

import io.converge.kernel.EventSource;
import io.converge.services.ContainerRuntime;
import io.converge.services.ContainerSpec;
import io.converge.services.Instance;
import io.converge.services.Labels;
import io.converge.services.Owner;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A container engine in memory: containers with their labels and state, the images present, and a record of
 * every mutation ({@code pull}, {@code create}, {@code start}, {@code stop}, {@code remove}).
 */
public final class FakeRuntime implements ContainerRuntime {
    private final InstantSource clock;
    private final Map<String, Instance> containers = new LinkedHashMap<>();
    private final Map<String, ContainerSpec> specs = new LinkedHashMap<>();
    private final Set<String> images = new HashSet<>();
    private final List<String> mutations = new ArrayList<>();
    private int nextId = 1;
    private int execExitCode;

    public FakeRuntime(InstantSource clock) {
        this.clock = clock;
    }

    public synchronized void addImage(String image) {
        images.add(image);
    }

    /** The container stops by itself with {@code code}, as a crashing process would. */
    public synchronized void exit(String id, int code) {
        Instance i = containers.get(id);
        containers.put(id, new Instance(id, i.name(), i.image(), i.labels(), "exited", code, null, i.startedAt()));
    }

    public synchronized List<String> mutations() {
        return List.copyOf(mutations);
    }

    public synchronized List<Instance> all() {
        return List.copyOf(containers.values());
    }

    public synchronized ContainerSpec specOf(String id) {
        return specs.get(id);
    }

    @Override
    public synchronized List<Instance> listManaged(Owner owner) {
        return containers.values().stream().filter(i -> "true".equals(i.labels().get(Labels.MANAGED)))
                .filter(i -> owner.labels().entrySet().stream()
                        .allMatch(e -> e.getValue().equals(i.labels().get(e.getKey())))).toList();
    }

    @Override
    public synchronized List<Instance> instancesOf(Owner owner, String service) {
        return listManaged(owner).stream().filter(i -> service.equals(i.service())).toList();
    }

    @Override
    public synchronized Optional<Instance> inspect(String idOrName) {
        return containers.values().stream().filter(i -> i.id().equals(idOrName) || i.name().equals(idOrName))
                .findFirst();
    }

    @Override
    public synchronized boolean imagePresent(String image) {
        return images.contains(image);
    }

    @Override
    public synchronized void pull(String image) {
        mutations.add("pull " + image);
        images.add(image);
    }

    @Override
    public synchronized String create(ContainerSpec spec) {
        if (containers.values().stream().anyMatch(i -> i.name().equals(spec.name()))) {
            throw new RuntimeFailure("create " + spec.name() + ": name in use", null, true, false);
        }
        if (!images.contains(spec.image())) {
            throw new RuntimeFailure("create " + spec.name() + ": no image " + spec.image(), null, false, true);
        }
        String id = "c" + nextId++;
        mutations.add("create " + spec.name() + " " + id);
        containers.put(id, new Instance(id, spec.name(), spec.image(), spec.labels(), "created", 0, null, null));
        specs.put(id, spec);
        return id;
    }

    @Override
    public synchronized void start(String id) {
        mutations.add("start " + id);
        Instance i = containers.get(id);
        containers.put(id, new Instance(id, i.name(), i.image(), i.labels(), "running", 0, "172.17.0.2",
                clock.instant().toString()));
    }

    @Override
    public synchronized void stop(String id, Duration grace) {
        mutations.add("stop " + id);
        Instance i = containers.get(id);
        if (i != null && i.running()) {
            containers.put(id, new Instance(id, i.name(), i.image(), i.labels(), "exited", 137, null,
                    i.startedAt()));
        }
    }

    @Override
    public synchronized void remove(String id) {
        mutations.add("remove " + id);
        containers.remove(id);
        specs.remove(id);
    }

    @Override
    public EventSource events(Owner owner, Consumer<String> serviceChanged, Runnable reconnected) {
        return EventSource.idle("fake-events");
    }

    /** The next commands run by {@link #exec} answer with this exit code (default 0). */
    public synchronized void execExitCode(int code) {
        this.execExitCode = code;
    }

    @Override
    public synchronized ExecResult exec(String id, List<String> command, Duration timeout) {
        mutations.add("exec " + id + " " + String.join(" ", command));
        return new ExecResult(execExitCode, "");
    }

    @Override
    public void ping() {
    }
}
