package io.converge.services;

import java.util.Map;

/**
 * A managed container as the runtime observes it.
 *
 * @param state    the runtime's state word: {@code created}, {@code running}, {@code exited}, ...
 * @param exitCode the last exit code (meaningful when not running)
 * @param address  the container's address on its network ({@code null} on the host network or when stopped)
 */
public record Instance(String id, String name, String image, Map<String, String> labels, String state,
                       int exitCode, String address, String startedAt) {

    public boolean running() {
        return "running".equals(state);
    }

    public String service() {
        return labels.get(Labels.SERVICE);
    }

    public String specHash() {
        return labels.get(Labels.SPEC_HASH);
    }
}
