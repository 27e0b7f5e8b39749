package io.converge.recording;

import com.fasterxml.jackson.databind.JsonNode;
import io.converge.kernel.RawDocument;
import io.converge.kernel.Reconciler;
import io.converge.kernel.Result;
import io.converge.kernel.Room;
import io.converge.model.Json;
import io.converge.model.Kind;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * For benchmarks only ({@code converge.bench.record-enqueues}, default off): a room for a kind that has no room
 * of its own, which acts on nothing, owns nothing and writes no status. Every pass logs one line (see
 * {@link #line}) with the key and the instant the pass started, in nanoseconds since the epoch (the system clock's
 * resolution, microseconds on Linux), so that a benchmark can time a catalog change to the enqueue of the
 * resources that reference it without polling. A pass starts when a worker takes the key from the work queue: on an
 * idle queue, as soon as a worker thread wakes (about 0.1 ms, a few ms on a loaded machine); the engine measures
 * that wait itself (its {@code converge.reconcile.latency} timer of the kind), so a benchmark can subtract it.
 *
 * <p>Its resources reference the Consul service their {@code spec.service} names, read from the raw document, so
 * a health change of that service enqueues them as it would enqueue a real room's.
 */
public final class RecordingRoom implements Room {
    /** The setting that asks for it. */
    public static final String SETTING = "converge.bench.record-enqueues";
    /** What every pass logs, before the key: {@code recorded <plural>/<name> at-epoch-ns=<nanos>}. */
    public static final String MARK = "recorded ";

    private static final Logger LOG = Logger.getLogger(RecordingRoom.class);

    private final Kind kind;
    private final InstantSource clock;

    RecordingRoom(Kind kind, InstantSource clock) {
        this.kind = kind;
        this.clock = clock;
    }

    /**
     * The rooms, plus a recording room for the kind the setting names, if it is set.
     *
     * @throws IllegalArgumentException the setting names no kind, or a kind that has a room
     */
    public static List<Room> besides(List<Room> rooms, Optional<String> setting, InstantSource clock) {
        if (setting.isEmpty() || setting.get().isBlank()) {
            return rooms;
        }
        String text = setting.get().trim();
        Kind kind = Kind.parse(text).orElseThrow(() -> new IllegalArgumentException(SETTING + ": '" + text
                + "' is not a kind; use the plural of a kind without a room, e.g. portforwards"));
        if (rooms.stream().anyMatch(r -> r.kind() == kind)) {
            throw new IllegalArgumentException(SETTING + ": " + kind.plural() + " has a room of its own; only a "
                    + "kind without one can be recorded");
        }
        List<Room> all = new ArrayList<>(rooms);
        all.add(new RecordingRoom(kind, clock));
        return List.copyOf(all);
    }

    /** The log line of one pass over {@code name} started at {@code at}. */
    static String line(Kind kind, String name, Instant at) {
        return MARK + kind.plural() + "/" + name + " at-epoch-ns=" + (at.getEpochSecond() * 1_000_000_000L
                + at.getNano());
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public Scope scope() {
        return Scope.EVERY_NODE;
    }

    /** Logs the key and the instant its pass started; always done. */
    @Override
    public Reconciler reconciler() {
        return name -> {
            Instant at = clock.instant();
            LOG.info(line(kind, name, at));
            return Result.done();
        };
    }

    /** Nothing: the room acts on nothing in the world. */
    @Override
    public Collection<String> owned() {
        return List.of();
    }

    /** The service that {@code spec.service} names, if the document has one as a non-blank string. */
    @Override
    public Set<String> references(RawDocument document) {
        try {
            JsonNode service = Json.MAPPER.readTree(document.value()).path("spec").path("service");
            return service.isTextual() && !service.asText().isBlank() ? Set.of(service.asText()) : Set.of();
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }
}
