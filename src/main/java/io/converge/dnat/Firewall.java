package io.converge.dnat;

import io.converge.kernel.EventSource;
import java.util.Optional;

/**
 * The node's firewall as converge drives it: converge's own tables only ({@code table ip converge} and
 * {@code table ip6 converge} for nftables), never another. One implementation per engine ({@code dnat.nft});
 * a fake records the rulesets for unit tests. Thread-safe; {@link #apply} is called from one thread at a time.
 */
public interface Firewall {

    /**
     * Makes converge's tables hold exactly the rendering of {@code ruleset}, in one transaction (all or nothing).
     * Idempotent: loads nothing when the tables already hold that rendering and nobody changed them since.
     *
     * @return true when it loaded the tables now, false when they already held the ruleset
     * @throws FirewallException when the engine refused the ruleset or cannot be run; the tables are unchanged
     */
    boolean apply(Ruleset ruleset) throws FirewallException;

    /**
     * Removes the connection-tracking entries of flows of {@code protocol} to {@code port} (on this node) that were
     * forwarded to {@code backend}, so that they do not keep going to it (udp "connections" would). Idempotent:
     * no entry to remove is not an error.
     */
    void forgetFlows(Protocol protocol, int port, Backend backend) throws FirewallException;

    /**
     * An event source that calls {@code changed} whenever anyone but converge changes converge's tables (a table
     * deleted, flushed or edited by hand), so that the room repairs it; also when the source itself had to
     * restart (it may have missed changes). Started and closed by the operator.
     */
    EventSource drift(Runnable changed);

    /** Why the engine cannot be used now, in its own words (binary missing, no permission), or empty. */
    Optional<String> problem();
}
