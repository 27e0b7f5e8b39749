package io.converge.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one node reports about a resource.
 *
 * @param role        {@code active} (runs it) or {@code standby}
 * @param containerId the running container, if any
 * @param since       when the node took this role (ISO-8601)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeStatus(String role, String containerId, String since) {
}
