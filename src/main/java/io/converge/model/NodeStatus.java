package io.converge.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What one node reports about a resource. Each node writes only its own entry; the top-level phase and message
 * of a status are derived from the entries of the active nodes.
 *
 * @param role        {@code active} (runs it) or {@code standby}
 * @param containerId the running container, if any
 * @param since       when the instance started (ISO-8601)
 * @param phase       this node's phase
 * @param message     this node's message
 * @param installed   for rules in this node's firewall (PortForward): whether they are installed now
 * @param backends    for forwards: the {@code address:port} of each backend the rules lead to, sorted
 * @param appliedAt   for forwards: when this node's firewall first held the current rules (ISO-8601)
 * @param error       the engine's own words when applying failed on this node ({@code nft}'s message)
 * @param conflict    what holds what this resource claims on this node (a port another forward holds)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeStatus(String role, String containerId, String since, String phase, String message,
                         Boolean installed, List<String> backends, String appliedAt, String error,
                         String conflict) {

    public static final String ACTIVE = "active";
    public static final String STANDBY = "standby";

    public NodeStatus {
        backends = backends == null ? null : List.copyOf(backends);
    }

    public NodeStatus(String role, String containerId, String since, String phase, String message) {
        this(role, containerId, since, phase, message, null, null, null, null, null);
    }

    public NodeStatus(String role, String containerId, String since) {
        this(role, containerId, since, null, null);
    }

    public NodeStatus withPhase(Phase p, String msg) {
        return new NodeStatus(role, containerId, since, p.text(), msg, installed, backends, appliedAt, error,
                conflict);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean active() {
        return ACTIVE.equals(role);
    }
}
