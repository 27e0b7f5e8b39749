package io.converge.routes.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Single flight: concurrent checks of the same credentials share one directory check (in-memory directory). */
class LoginsTest {
    private static final int N = 16;
    private static final LdapRealm REALM = new LdapRealm("intra", "ldap://127.0.0.1:1", "dc=x", "(uid={username})",
            null, null, null, null);
    private static final Credentials.Basic ALICE = new Credentials.Basic("alice", "secret");

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-05-20T10:00:00Z"));
    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicBoolean down = new AtomicBoolean();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Directory directory = (realm, user, password) -> {
        asked.incrementAndGet();
        entered.countDown();
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (down.get()) {
            throw new DirectoryUnavailable("down", null);
        }
        return password.equals("secret") ? Optional.of(new Identity(user, Map.of("X-Remote-User", user)))
                : Optional.empty();
    };
    private Vertx vertx;
    private WorkerExecutor worker;
    private Logins logins;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        worker = vertx.createSharedWorkerExecutor("logins-test", N);
        logins = new Logins(directory, worker, new AcceptedLogins(Duration.ofSeconds(30), now::get));
    }

    @AfterEach
    void stop() {
        worker.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void concurrentChecksOfTheSameCredentialsCostOneDirectoryCheck() throws Exception {
        List<Future<Optional<Identity>>> checks = concurrently(ALICE);
        release.countDown();
        for (Future<Optional<Identity>> check : checks) {
            assertThat(await(check)).hasValueSatisfying(i -> assertThat(i.user()).isEqualTo("alice"));
        }
        assertThat(asked).hasValue(1);
        assertThat(await(logins.check(REALM, ALICE))).as("then kept").isPresent();
        assertThat(asked).hasValue(1);
        now.set(now.get().plus(Duration.ofSeconds(30)));
        assertThat(await(logins.check(REALM, ALICE))).as("asked again once expired").isPresent();
        assertThat(asked).hasValue(2);
    }

    @Test
    void otherCredentialsAreCheckedOnTheirOwn() throws Exception {
        Future<Optional<Identity>> alice = logins.check(REALM, ALICE);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        Future<Optional<Identity>> wrong = logins.check(REALM, new Credentials.Basic("alice", "wrong"));
        Future<Optional<Identity>> bob = logins.check(REALM, new Credentials.Basic("bob", "secret"));
        release.countDown();
        assertThat(await(alice)).isPresent();
        assertThat(await(wrong)).isEmpty();
        assertThat(await(bob)).isPresent();
        assertThat(asked).hasValue(3);
    }

    @Test
    void aFailureCompletesEveryWaiterAndIsNotKept() throws Exception {
        down.set(true);
        List<Future<Optional<Identity>>> checks = concurrently(ALICE);
        release.countDown();
        for (Future<Optional<Identity>> check : checks) {
            Throwable cause = check.toCompletionStage().toCompletableFuture()
                    .handle((ok, failure) -> failure).get(10, TimeUnit.SECONDS);
            assertThat(cause).isInstanceOf(DirectoryUnavailable.class);
        }
        assertThat(asked).hasValue(1);
        down.set(false);
        assertThat(await(logins.check(REALM, ALICE))).isPresent();
        assertThat(asked).as("the failure was not kept: asked again").hasValue(2);
    }

    /** N checks of {@code basic}, the first one blocked in the directory while the others are made. */
    private List<Future<Optional<Identity>>> concurrently(Credentials.Basic basic) throws InterruptedException {
        List<Future<Optional<Identity>>> checks = new ArrayList<>();
        checks.add(logins.check(REALM, basic));
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("the directory was asked").isTrue();
        for (int i = 1; i < N; i++) {
            checks.add(logins.check(REALM, basic));
        }
        return checks;
    }

    private static Optional<Identity> await(Future<Optional<Identity>> check) throws Exception {
        return check.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
