package io.converge.routes.auth;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks credentials off the event loop: an acceptance of the last moments is reused, anything else asks the
 * directory on a worker thread (LDAP calls block). A failed future carries {@link DirectoryUnavailable} or another
 * exception; it never means "accepted".
 *
 * <p>Single flight: while the directory checks some credentials, every other check of the same credentials (same
 * realm, user and password) waits for that one and gets its answer, so that the expiry of a busy user's accepted
 * login costs one bind, not one per request in flight. Only the acceptance is kept afterwards
 * ({@link AcceptedLogins}); a refusal or a failure ends with its check, and the next request asks again.
 */
final class Logins {
    private final Directory directory;
    private final WorkerExecutor worker;
    private final AcceptedLogins accepted;
    /** The checks in flight, by {@link AcceptedLogins#key}; a check removes itself before it completes. */
    private final Map<String, Future<Optional<Identity>>> inFlight = new ConcurrentHashMap<>();

    Logins(Directory directory, WorkerExecutor worker, AcceptedLogins accepted) {
        this.directory = directory;
        this.worker = worker;
        this.accepted = accepted;
    }

    /** The identity of {@code basic} in {@code realm}; empty when refused. */
    Future<Optional<Identity>> check(LdapRealm realm, Credentials.Basic basic) {
        String key = accepted.key(realm, basic);
        Optional<Identity> known = accepted.get(key);
        if (known.isPresent()) {
            return Future.succeededFuture(known);
        }
        Promise<Optional<Identity>> mine = Promise.promise();
        Future<Optional<Identity>> running = inFlight.putIfAbsent(key, mine.future());
        if (running != null) {
            return running;
        }
        // a check that ended between get and putIfAbsent has put its acceptance already
        known = accepted.get(key);
        if (known.isPresent()) {
            inFlight.remove(key, mine.future());
            mine.complete(known);
            return mine.future();
        }
        worker.<Optional<Identity>>executeBlocking(() -> {
            Optional<Identity> identity = directory.authenticate(realm, basic.username(), basic.password());
            identity.ifPresent(i -> accepted.put(key, i));
            return identity;
        }, false).onComplete(done -> {
            inFlight.remove(key, mine.future());
            mine.handle(done);
        });
        return mine.future();
    }
}
