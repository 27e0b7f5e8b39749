package io.converge.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A validated resource document as read from {@code converge/specs/<kind>/<name>}.
 *
 * @param generation the spec key's Consul ModifyIndex
 * @param document   the whole document (apiVersion, kind, metadata, spec)
 */
public record Resource(Kind kind, String name, long generation, ObjectNode document) {

    public JsonNode spec() {
        return document.get("spec");
    }

    public JsonNode metadata() {
        return document.get("metadata");
    }
}
