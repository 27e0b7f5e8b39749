package io.converge.dnat;

import io.converge.kernel.CatalogInstance;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Pure: what a PortForward or an {@code export}-tagged service comes to on one node, from its spec (or the
 * service's registration) and the catalog's instances. No I/O, no clock.
 */
public final class ForwardPlanner {
    /** A Consul service name converge forwards to (as the PortForward schema allows). */
    static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_]{0,126}[A-Za-z0-9])?");

    /** When instances are source-NATed (see {@code converge.dnat.masquerade}). */
    public enum Masquerade { AUTO, ALWAYS, NEVER }

    private final String node;
    private final Map<String, String> nodeMeta;
    private final Masquerade masquerade;

    public ForwardPlanner(String node, Map<String, String> nodeMeta, Masquerade masquerade) {
        this.node = node;
        this.nodeMeta = Map.copyOf(nodeMeta);
        this.masquerade = masquerade;
    }

    /** Whether the PortForward applies on this node. */
    public boolean selects(PortForwardSpec spec) {
        return spec.selects(node, nodeMeta);
    }

    /** The part of a PortForward: elsewhere, or a forward to the passing instances of its service (maybe none). */
    public ForwardPart plan(String name, PortForwardSpec spec, List<CatalogInstance> instances) {
        if (!selects(spec)) {
            return ForwardPart.ELSEWHERE;
        }
        List<Backend> backends = instances.stream().filter(CatalogInstance::passing)
                .flatMap(i -> backend(i, spec.targetPort() == null ? i.port() : spec.targetPort()).stream())
                .toList();
        return ForwardPart.of(new Forward("pf-" + name, "portforwards/" + name, spec.transport(), spec.port(),
                spec.sourceRanges(), backends));
    }

    /**
     * The part of a service tagged {@code export} (SPEC §6.2): on the node where an instance runs, that node's
     * passing instances carrying the tag, on meta {@code wan-port} or the instance's own port, protocol meta
     * {@code wan-protocol} ({@code tcp} by default). A service name, port or protocol converge cannot use yields
     * the problem instead.
     */
    public Implicit planExport(String service, List<CatalogInstance> instances) {
        List<CatalogInstance> here = instances.stream().filter(i -> i.node().equals(node))
                .filter(i -> i.tags().contains("export")).toList();
        if (here.isEmpty()) {
            return new Implicit(ForwardPart.ELSEWHERE, "");
        }
        if (!SERVICE.matcher(service).matches()) {
            return new Implicit(ForwardPart.ELSEWHERE, "service name " + service
                    + " cannot name a forward (letters, digits, '-' and '_' only)");
        }
        CatalogInstance first = here.get(0);
        String portText = first.meta().getOrDefault("wan-port", Integer.toString(first.port()));
        int port = parsePort(portText);
        String protocol = first.meta().getOrDefault("wan-protocol", "tcp");
        if (port == 0) {
            return new Implicit(ForwardPart.ELSEWHERE, "meta wan-port (or the registered port) must be 1-65535; found "
                    + portText);
        }
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            return new Implicit(ForwardPart.ELSEWHERE, "meta wan-protocol must be tcp or udp; found " + protocol);
        }
        List<Backend> backends = here.stream().filter(CatalogInstance::passing)
                .flatMap(i -> backend(i, i.port()).stream()).toList();
        return new Implicit(ForwardPart.of(new Forward("export-" + service, "service " + service + " (tag export)",
                protocol.equals("udp") ? Protocol.UDP : Protocol.TCP, port, List.of(), backends)), "");
    }

    /** An implicit forward's part, and why it was left out when the registration cannot be used. */
    public record Implicit(ForwardPart part, String problem) {
    }

    private Optional<Backend> backend(CatalogInstance instance, int port) {
        if (port < 1 || port > 65535 || Cidr.literal(instance.address()).isEmpty()) {
            return Optional.empty();
        }
        boolean masq = switch (masquerade) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> !instance.node().equals(node);
        };
        return Optional.of(new Backend(instance.address(), port, masq));
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            return port >= 1 && port <= 65535 ? port : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
