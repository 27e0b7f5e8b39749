package io.converge.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one node reports about a resource. Each node writes only its own entry; the top-level phase and message
 * of a status are derived from the entries of the active nodes.
 *
 * @param role        {@code active} (runs it) or {@code standby}
 * @param containerId the running container, if any
 * @param since       when the instance started (ISO-8601)
 * @param phase       this node's phase
 * @param message     this node's message
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeStatus(String role, String containerId, String since, String phase, String message) {

    public static final String ACTIVE = "active";
    public static final String STANDBY = "standby";

    public NodeStatus(String role, String containerId, String since) {
        this(role, containerId, since, null, null);
    }

    public NodeStatus withPhase(Phase p, String msg) {
        return new NodeStatus(role, containerId, since, p.text(), msg);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean active() {
        return ACTIVE.equals(role);
    }
}
