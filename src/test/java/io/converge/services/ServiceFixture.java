package io.converge.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.kernel.NodeIdentity;
import io.converge.kernel.Result;
import io.converge.model.DocumentValidator;
import io.converge.model.Json;
import io.converge.model.Kind;
import io.converge.model.Status;
import io.converge.kernel.fakes.FakeDesiredState;
import io.converge.services.fakes.FakeBackupStore;
import io.converge.services.fakes.FakePlacement;
import io.converge.services.fakes.FakeScheduler;
import io.converge.services.fakes.FakeRegistry;
import io.converge.services.fakes.FakeRuntime;
import io.converge.kernel.fakes.FakeStatusStore;
import io.converge.testing.TestClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A {@link ServiceReconciler} for the service {@code hello} on node {@code node-a}, wired to in-memory fakes of
 * every port and a hand-advanced clock.
 */
final class ServiceFixture {
    static final String NAME = "hello";
    static final String KEY = "converge/specs/services/hello";
    static final String REGISTRATION = "converge-hello";
    static final String IMAGE = "converge-test/busybox:latest";

    final TestClock clock = new TestClock();
    final FakeDesiredState desired = new FakeDesiredState();
    final FakeStatusStore statuses = new FakeStatusStore();
    final FakeRuntime runtime = new FakeRuntime(clock);
    final FakeRegistry registry = new FakeRegistry();
    final FakePlacement placement = new FakePlacement();
    final FakeScheduler scheduler = new FakeScheduler();
    final FakeBackupStore backups = new FakeBackupStore(() -> String.join(", ", runtime.mutations()));
    ServiceReconciler reconciler = newReconciler();

    /** A fresh reconciler over the same world and stores, as after a restart of converge. */
    ServiceReconciler newReconciler() {
        return new ServiceReconciler(desired, statuses, new DocumentValidator(), placement, runtime, registry,
                new ServiceReconciler.Settings(new NodeIdentity("node-a", "10.0.0.5", Map.of("site", "office")), "converge",
                        false, Duration.ofSeconds(5), Duration.ofSeconds(8)), clock, scheduler, backups);
    }

    /** {@code crds-as-json/examples/service-hello.json}, edited. */
    static ObjectNode example(Consumer<ObjectNode> edit) {
        try {
            ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(
                    Files.readAllBytes(Path.of("crds-as-json", "examples", "service-hello.json")));
            edit.accept(doc);
            return doc;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode example() {
        return example(d -> { });
    }

    static ObjectNode spec(ObjectNode doc) {
        return (ObjectNode) doc.get("spec");
    }

    void put(JsonNode doc, long generation) {
        try {
            put(Json.MAPPER.writeValueAsBytes(doc), generation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void put(byte[] value, long generation) {
        desired.put(Kind.SERVICE, NAME, value, generation);
    }

    Result pass() {
        return reconciler.reconcile(NAME);
    }

    Status status() {
        return statuses.read(Kind.SERVICE, NAME).orElseThrow();
    }

    /** Puts the example at {@code generation} and converges it: created, registered, check passing. */
    Status running(long generation) {
        put(example(), generation);
        pass();
        registry.health(REGISTRATION, "passing");
        pass();
        return status();
    }
}
