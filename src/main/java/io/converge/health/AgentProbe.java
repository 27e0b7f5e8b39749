package io.converge.health;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Asks the Consul agent in the background, every {@code interval}, whether it answers (each ask bounded by its
 * own short timeout), and remembers when it last did. A readiness probe reads that memory and so answers at
 * once, even while the agent is frozen; asking the agent from the probe itself would take the request timeout.
 */
final class AgentProbe implements AutoCloseable {
    private final BooleanSupplier ask;
    private final InstantSource clock;
    private final Duration interval;
    private final Duration maxAge;
    private volatile Instant lastAnswer;
    private volatile Instant lastAsked;
    /** When readiness last read the probe: it asks only while somebody looks (no idle cost otherwise). */
    private volatile Instant lastWanted;
    private ScheduledExecutorService scheduler;

    /**
     * @param ask      asks the agent once; true when it answered (must not throw, and must bound its own wait)
     * @param interval time between asks
     * @param maxAge   how old the last answer may be for the agent to count as answering
     */
    AgentProbe(BooleanSupplier ask, InstantSource clock, Duration interval, Duration maxAge) {
        this.ask = ask;
        this.clock = clock;
        this.interval = interval;
        this.maxAge = maxAge;
    }

    /** Starts asking in the background; idempotent. */
    synchronized void start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "readiness-agent-probe");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** How long the probe keeps asking after readiness last read it. */
    static final Duration IDLE_AFTER = Duration.ofSeconds(30);

    /**
     * Readiness reads the probe now. Returns true when the probe had gone idle (nobody read it for
     * {@link #IDLE_AFTER}): its last answer is then old, and the caller asks once itself.
     */
    boolean wanted() {
        Instant now = clock.instant();
        Instant last = lastWanted;
        lastWanted = now;
        return last == null || last.plus(IDLE_AFTER).isBefore(now);
    }

    /** The scheduled step: asks while readiness is being read, else nothing (no request to the agent). */
    void tick() {
        Instant last = lastWanted;
        if (last != null && !last.plus(IDLE_AFTER).isBefore(clock.instant())) {
            askOnce();
        }
    }

    /** One ask; the scheduler calls it through {@link #tick}, and tests call it by hand. */
    void askOnce() {
        Instant asked = clock.instant();
        boolean answered;
        try {
            answered = ask.getAsBoolean();
        } catch (RuntimeException e) {
            answered = false;
        }
        lastAsked = asked;
        if (answered) {
            lastAnswer = asked;
        }
    }

    /** True when the agent answered an ask made at most {@code maxAge} ago. */
    boolean answering() {
        Instant last = lastAnswer;
        return last != null && !last.plus(maxAge).isBefore(clock.instant());
    }

    /** For readiness data: "last answer 300 ms ago", or "no answer yet". */
    String describe() {
        Instant last = lastAnswer;
        Instant now = clock.instant();
        String answer = last == null ? "no answer yet" : "last answer " + Duration.between(last, now).toMillis()
                + " ms ago";
        return lastAsked == null ? answer + " (not asked yet)" : answer;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
