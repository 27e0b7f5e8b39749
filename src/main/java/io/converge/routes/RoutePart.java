package io.converge.routes;

import java.util.Optional;

/**
 * What one resource (a Route, or a service tagged {@code web}) contributes to this proxy node's configuration. A
 * value: the room compares parts to decide whether the proxy's configuration must change.
 *
 * @param route    the route this node would serve
 * @param conflict empty, or which other route holds the same host and path (then this one is left out)
 * @param problem  empty, or why this node cannot serve it (its certificate files); then it is left out
 */
public record RoutePart(ProxyRoute route, String conflict, String problem) {

    public static RoutePart of(ProxyRoute route) {
        return new RoutePart(route, "", "");
    }

    public RoutePart inConflictWith(String holder) {
        return new RoutePart(route, route.host() + route.path() + " is already served by " + holder, problem);
    }

    public RoutePart unusable(String why) {
        return new RoutePart(route, conflict, why);
    }

    /** The route the proxy serves for this part: none when in conflict or unusable here. */
    public Optional<ProxyRoute> served() {
        return conflict.isEmpty() && problem.isEmpty() ? Optional.of(route) : Optional.empty();
    }
}
