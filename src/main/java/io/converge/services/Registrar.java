package io.converge.services;

import io.converge.kernel.NodeIdentity;
import io.converge.model.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Keeps one instance's registration in the local agent in step: service {@code <name>}, id
 * {@code converge-<name>}, the spec's tags plus a state tag ({@code starting} until the check passes, then
 * {@code running}; {@code stopping} while being removed), meta {@code converge-generation}, the instance's
 * address and port, and the spec's check. Re-registers only when something differs.
 */
final class Registrar {
    private static final Logger LOG = Logger.getLogger(Registrar.class);
    static final List<String> STATE_TAGS = List.of("starting", "running", "stopping");

    /** The registration as it now stands, and the health of its check. */
    record Outcome(String id, String stateTag, String health, boolean healthy) {
        String healthReason() {
            return "none".equals(health) ? "NoCheck" : healthy ? "CheckPassing" : "Check" + capitalized(health);
        }

        String healthMessage() {
            return "none".equals(health) ? "the spec has no check" : "check is " + health;
        }

        private static String capitalized(String s) {
            return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
    }

    static final String PREFIX_META = "converge-prefix";

    private final InstanceRegistry registry;
    private final NodeIdentity node;
    private final String prefix;

    Registrar(InstanceRegistry registry, NodeIdentity node, String prefix) {
        this.registry = registry;
        this.node = node;
        this.prefix = prefix;
    }

    /** The agent's registration under the service's id, if this converge made it. */
    private Optional<InstanceRegistry.Registration> own(String id) {
        return registry.lookup(id).filter(r -> prefix.equals(r.meta().get(PREFIX_META)));
    }

    Outcome ensure(String name, ServiceSpec spec, long generation, Instance instance, String logPrefix) {
        String id = ContainerSpecs.registrationId(name);
        Optional<InstanceRegistry.Registration> have = registry.lookup(id);
        String health = spec.check() == null ? "none" : have.flatMap(h -> registry.health(id)).orElse("critical");
        boolean healthy = spec.check() == null || "passing".equals(health);
        // `running` once the instance's check has passed; a registration is made afresh for each new instance,
        // so a `running` tag already there means this instance passed before (a later failure does not undo it)
        boolean passedBefore = have.map(h -> h.tags().contains("running")).orElse(false);
        String stateTag = healthy || passedBefore ? "running" : "starting";
        InstanceRegistry.Registration want = registration(name, spec, generation, instance, stateTag);
        if (have.isEmpty() || !sameExceptCheck(have.get(), want)) {
            LOG.infof("%s: register %s at %s:%d tags %s", logPrefix, id, want.address(), want.port(), want.tags());
            registry.register(want);
        }
        return new Outcome(id, stateTag, health, healthy);
    }

    /** Re-tags a registered instance {@code stopping} before it is stopped, as the origin did. */
    void markStopping(String name) {
        String id = ContainerSpecs.registrationId(name);
        own(id).ifPresent(r -> registry.register(new InstanceRegistry.Registration(r.id(), r.name(),
                withState(r.tags(), "stopping"), r.meta(), r.address(), r.port(), null)));
    }

    void deregister(String name) {
        String id = ContainerSpecs.registrationId(name);
        if (own(id).isPresent()) {
            LOG.infof("services/%s: deregister %s", name, id);
            registry.deregister(id);
        }
    }

    InstanceRegistry.Registration registration(String name, ServiceSpec spec, long generation, Instance instance,
                                               String stateTag) {
        Map<String, String> meta = new TreeMap<>(spec.meta());
        meta.put("converge-generation", Long.toString(generation));
        meta.put("converge-check", checkHash(spec.check()));
        meta.put(PREFIX_META, prefix);
        String address = node.address();
        int port = 0;
        if (!spec.ports().isEmpty()) {
            ServiceSpec.Port p = spec.ports().get(0);
            if (spec.hostNetwork()) {
                port = p.containerPort();
            } else if (p.hostPort() != null) {
                port = p.hostPort();
            } else {
                port = p.containerPort();
                address = instance.address() == null ? address : instance.address();
            }
        }
        return new InstanceRegistry.Registration(ContainerSpecs.registrationId(name), name,
                withState(spec.tags(), stateTag), meta, address, port, spec.check());
    }

    private static List<String> withState(List<String> tags, String stateTag) {
        List<String> out = new ArrayList<>();
        tags.stream().filter(t -> !STATE_TAGS.contains(t)).forEach(out::add);
        out.add(stateTag);
        return out;
    }

    private static boolean sameExceptCheck(InstanceRegistry.Registration a, InstanceRegistry.Registration b) {
        return a.id().equals(b.id()) && a.name().equals(b.name()) && a.tags().equals(b.tags())
                && a.meta().equals(b.meta()) && a.address().equals(b.address()) && a.port() == b.port();
    }

    private static String checkHash(ServiceSpec.Check check) {
        if (check == null) {
            return "none";
        }
        try {
            byte[] bytes = Json.MAPPER.writeValueAsString(check).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 6);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot hash a check", e);
        }
    }
}
