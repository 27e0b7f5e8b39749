package io.converge.dnat;

import io.converge.kernel.EventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The firewall in memory: records each ruleset it loaded and each flow it forgot; can be made to refuse. */
final class FakeFirewall implements Firewall {
    record Forgotten(Protocol protocol, int port, Backend backend) {
    }

    final List<Ruleset> loads = new ArrayList<>();
    final List<Forgotten> forgotten = new ArrayList<>();
    String refuse;
    Runnable drift = () -> { };

    @Override
    public synchronized boolean apply(Ruleset ruleset) throws FirewallException {
        if (refuse != null) {
            throw new FirewallException("nft -f -", refuse);
        }
        if (!loads.isEmpty() && loads.get(loads.size() - 1).equals(ruleset)) {
            return false;
        }
        loads.add(ruleset);
        return true;
    }

    synchronized Ruleset tables() {
        return loads.isEmpty() ? new Ruleset(List.of(), List.of()) : loads.get(loads.size() - 1);
    }

    @Override
    public synchronized void forgetFlows(Protocol protocol, int port, Backend backend) {
        forgotten.add(new Forgotten(protocol, port, backend));
    }

    @Override
    public EventSource drift(Runnable changed) {
        drift = changed;
        return EventSource.idle("fake-monitor");
    }

    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(refuse);
    }
}
