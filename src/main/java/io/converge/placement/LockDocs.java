package io.converge.placement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.model.Json;
import java.util.List;

/**
 * The values converge writes under {@code <prefix>/locks/}: a lock's {@code {"node", "session", "since"}}, a
 * contender key's {@code {"node"}}, and a semaphore's {@code .lock} document {@code {"Limit", "Holders"}} (Consul's
 * semaphore recipe). Reading never throws: what is not such a document reads as unknown.
 */
public final class LockDocs {

    private LockDocs() {
    }

    /** The value of a lock key acquired by {@code node} with {@code session} at {@code since} (ISO-8601). */
    public static String lock(String node, String session, String since) {
        return Json.MAPPER.createObjectNode().put("node", node).put("session", session).put("since", since)
                .toString();
    }

    /** The value of a contender key of a semaphore. */
    public static String contender(String node) {
        return Json.MAPPER.createObjectNode().put("node", node).toString();
    }

    /** A semaphore's {@code .lock} document. */
    public static String semaphore(int limit, List<String> holders) {
        ObjectNode doc = Json.MAPPER.createObjectNode().put("Limit", limit);
        holders.forEach(doc.putArray("Holders")::add);
        return doc.toString();
    }

    /** The node named in a lock or contender key's value; {@code "?"} when it names none. */
    public static String holderNode(LockStore.Entry e) {
        JsonNode node = parse(e.value()).path("node");
        return node.isTextual() ? node.textValue() : "?";
    }

    /** The value parsed, or a missing node when it is not JSON. */
    static JsonNode parse(String value) {
        try {
            return value == null || value.isEmpty() ? Json.MAPPER.missingNode() : Json.MAPPER.readTree(value);
        } catch (JsonProcessingException notJson) {
            return Json.MAPPER.missingNode();
        }
    }
}
