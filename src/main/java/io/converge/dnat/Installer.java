package io.converge.dnat;

import io.converge.kernel.ApplyResult;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Puts the parts in force into this node's tables through the {@link Firewall}, as one {@link Ruleset}, and
 * remembers what the tables hold: each forward and since when, for status. A udp backend that left a forward has
 * its flows forgotten, or they would keep going to it. Called from the room's one worker thread; readable from
 * any.
 */
final class Installer {
    private static final Logger LOG = Logger.getLogger(Installer.class);

    /** A forward the tables hold, and when they first held it as it is. */
    record Held(Forward forward, Instant since) {
    }

    private final Firewall firewall;
    private final List<String> wanAddresses;
    private final InstantSource clock;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private volatile String lastError = "";

    Installer(Firewall firewall, List<String> wanAddresses, InstantSource clock) {
        this.firewall = firewall;
        this.wanAddresses = List.copyOf(wanAddresses);
        this.clock = clock;
    }

    ApplyResult install(SortedMap<String, ForwardPart> parts) {
        List<Forward> forwards = parts.values().stream().flatMap(p -> p.installed().stream())
                .sorted(Comparator.comparing(Forward::id)).toList();
        Set<PortKey> taken = new HashSet<>();
        List<Forward> unique = forwards.stream().filter(f -> taken.add(PortKey.of(f))).toList();
        try {
            boolean loaded = firewall.apply(new Ruleset(wanAddresses, unique));
            if (loaded) {
                LOG.infof("firewall: loaded converge's tables, %d forwards (%s)", unique.size(), changes(unique));
            }
        } catch (FirewallException e) {
            lastError = e.getMessage();
            LOG.errorf("nft: converge's tables not loaded (they are as before): %s", e.getMessage());
            return ApplyResult.failed(e.getMessage());
        }
        lastError = "";
        Map<String, Forward> now = new java.util.HashMap<>();
        unique.forEach(f -> now.put(f.id(), f));
        forgetLeftUdpBackends(now);
        Instant at = clock.instant();
        held.keySet().retainAll(now.keySet());
        now.forEach((id, f) -> held.compute(id, (k, h) -> h != null && h.forward().equals(f) ? h : new Held(f, at)));
        return ApplyResult.applied();
    }

    private void forgetLeftUdpBackends(Map<String, Forward> now) {
        for (Held h : held.values()) {
            Forward before = h.forward();
            if (before.protocol() != Protocol.UDP) {
                continue;
            }
            Forward after = now.get(before.id());
            Set<String> stay = new HashSet<>();
            if (after != null && after.port() == before.port() && after.protocol() == Protocol.UDP) {
                after.backends().forEach(b -> stay.add(b.endpoint()));
            }
            for (Backend b : before.backends()) {
                if (!stay.contains(b.endpoint())) {
                    try {
                        firewall.forgetFlows(Protocol.UDP, before.port(), b);
                        LOG.infof("%s: backend %s left; its udp flows forgotten", before.owner(), b.endpoint());
                    } catch (FirewallException e) {
                        LOG.warnf("%s: backend %s left, but its udp flows stay: %s", before.owner(), b.endpoint(),
                                e.getMessage());
                    }
                }
            }
        }
    }

    /** What changed since the last load, in words: {@code +portforwards/a 8080/tcp -> 2 backends, -service b...}. */
    private String changes(List<Forward> now) {
        List<String> out = new java.util.ArrayList<>();
        Map<String, Forward> before = new java.util.TreeMap<>();
        held.forEach((id, h) -> before.put(id, h.forward()));
        for (Forward f : now) {
            Forward old = before.remove(f.id());
            if (old == null) {
                out.add("+" + f.owner() + " " + f.port() + "/" + f.protocol().text() + " -> " + f.backends().size()
                        + " backends");
            } else if (!old.equals(f)) {
                out.add("~" + f.owner() + " " + f.port() + "/" + f.protocol().text() + " -> "
                        + f.backends().stream().map(Backend::endpoint).toList());
            }
        }
        before.values().forEach(f -> out.add("-" + f.owner()));
        return out.isEmpty() ? "the same forwards as converge last loaded: a repair, or the first load" : String.join(", ", out);
    }

    /** What the tables hold for this forward id, if anything. */
    Optional<Held> held(String id) {
        return Optional.ofNullable(held.get(id));
    }

    /** The firewall's message of the last failed apply; empty after a success. */
    String lastError() {
        return lastError;
    }

    boolean answersOnWan() {
        return !wanAddresses.isEmpty();
    }
}
