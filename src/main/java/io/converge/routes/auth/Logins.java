package io.converge.routes.auth;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.Optional;

/**
 * Checks credentials off the event loop: an acceptance of the last moments is reused, anything else asks the
 * directory on a worker thread (LDAP calls block). A failed future carries {@link DirectoryUnavailable} or another
 * exception; it never means "accepted".
 */
final class Logins {
    private final Directory directory;
    private final WorkerExecutor worker;
    private final AcceptedLogins accepted;

    Logins(Directory directory, WorkerExecutor worker, AcceptedLogins accepted) {
        this.directory = directory;
        this.worker = worker;
        this.accepted = accepted;
    }

    /** The identity of {@code basic} in {@code realm}; empty when refused. */
    Future<Optional<Identity>> check(LdapRealm realm, Credentials.Basic basic) {
        Optional<Identity> known = accepted.get(realm, basic);
        if (known.isPresent()) {
            return Future.succeededFuture(known);
        }
        return worker.executeBlocking(() -> {
            Optional<Identity> identity = directory.authenticate(realm, basic.username(), basic.password());
            identity.ifPresent(i -> accepted.put(realm, basic, i));
            return identity;
        }, false);
    }
}
