package io.converge.model;

/** The phases of a resource (SPEC §6.1). */
public enum Phase {
    PENDING("Pending"), STARTING("Starting"), RUNNING("Running"), STANDBY("Standby"), DEGRADED("Degraded"),
    FAILED("Failed"), TERMINATING("Terminating");

    private final String text;

    Phase(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
