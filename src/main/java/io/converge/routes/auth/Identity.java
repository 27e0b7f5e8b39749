package io.converge.routes.auth;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An authenticated user of a route, as the upstream will see it.
 *
 * @param user    the user name as it was checked
 * @param headers header name → value for the upstream, one per header of the realm (empty when the user has no
 *                value), sanitised with {@link HeaderValues#sanitise}
 */
public record Identity(String user, Map<String, String> headers) {

    public Identity {
        TreeMap<String, String> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, value) -> sorted.put(name, HeaderValues.sanitise(value)));
        headers = Collections.unmodifiableMap(sorted);
    }
}
