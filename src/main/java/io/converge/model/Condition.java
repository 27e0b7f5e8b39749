package io.converge.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One status condition, as in Kubernetes: a type, True/False/Unknown, a machine reason and a human message. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Condition(String type, String status, String reason, String message, String lastTransitionTime) {

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isTrue() {
        return TRUE.equals(status);
    }
}
