package io.converge.dns;

import io.converge.kernel.SpecCache;
import io.converge.kernel.StatusStore;
import io.converge.model.Condition;
import io.converge.model.Kind;
import io.converge.model.Phase;
import io.converge.model.RecordStatus;
import io.converge.model.Status;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The status of DnsRecords, written by the leader: validity, the record set as published ({@code dns}: provider,
 * zone, name, values, when it last changed), why nothing is published (no passing instance, a conflict), and the
 * provider's words when a change failed. Conditions {@code Valid}, {@code Published} and {@code Conflict}.
 */
final class DnsReports {
    private static final Logger LOG = Logger.getLogger(DnsReports.class);
    private static final Kind KIND = Kind.DNS_RECORD;

    private final StatusStore statuses;
    private final String provider;
    private final String node;
    private final InstantSource clock;

    DnsReports(StatusStore statuses, String provider, String node, InstantSource clock) {
        this.statuses = statuses;
        this.provider = provider;
        this.node = node;
        this.clock = clock;
    }

    /** The record's status after a pass that reached the provider. */
    void written(String name, SpecCache.Checked<DnsRecordSpec> current, SpecCache.Checked<DnsRecordSpec> inForce,
                 Wanted wanted, ZoneWriter.Outcome outcome, Optional<RecordStatus> before) {
        Instant now = clock.instant();
        RecordStatus dns = published(wanted, outcome, before, now);
        Optional<String> conflict = outcome.plan().conflict();
        statuses.update(KIND, name, s -> {
            Status next = base(s, current, inForce, now).withDns(dns)
                    .withCondition("Conflict", conflict.isPresent() ? Condition.TRUE : Condition.FALSE,
                            conflict.isPresent() ? "NameHeld" : "NoConflict", conflict.orElse(""), now);
            if (conflict.isPresent()) {
                return next.withPhase(Phase.FAILED, "not published: " + conflict.get())
                        .withCondition("Published", Condition.FALSE, "Conflict", conflict.get(), now);
            }
            if (wanted.set() == null) {
                return next.withPhase(Phase.PENDING, "not published: " + wanted.why())
                        .withCondition("Published", Condition.FALSE, "NothingToPublish", wanted.why(), now);
            }
            String text = wanted.name() + " " + wanted.type() + " " + String.join(" ", wanted.set().values());
            return next.withPhase(Phase.RUNNING, text + " (" + provider + ")")
                    .withCondition("Published", Condition.TRUE, "Published", text, now);
        });
    }

    /** A change the provider refused or could not take: the status says so in its words, the record stays. */
    void failed(String name, SpecCache.Checked<DnsRecordSpec> current, SpecCache.Checked<DnsRecordSpec> inForce,
                Wanted wanted, String error, Optional<RecordStatus> before) {
        Instant now = clock.instant();
        LOG.warnf("%s/%s: %s %s not written: %s", KIND.plural(), name, wanted.name(), wanted.type(), error);
        RecordStatus dns = before.map(b -> new RecordStatus(provider, b.zone(), b.name(), b.type(), b.ttl(),
                b.values(), b.changedAt(), error, null, node)).orElse(new RecordStatus(provider, wanted.zone(),
                wanted.name(), wanted.type(), null, null, null, error, null, node));
        statuses.update(KIND, name, s -> base(s, current, inForce, now).withDns(dns)
                .withPhase(Phase.FAILED, provider + ": " + error)
                .withCondition("Published", Condition.FALSE, "ProviderError", error, now));
    }

    /** An invalid document with no valid generation before it: nothing is written for it. */
    void invalid(String name, SpecCache.Checked<DnsRecordSpec> current) {
        Instant now = clock.instant();
        statuses.update(KIND, name, s -> s.withObservedGeneration(current.generation())
                .withCondition("Valid", Condition.FALSE, "Invalid", current.problem(), now)
                .withPhase(Phase.FAILED, "invalid: nothing published for it"));
    }

    /** The document is gone and its records with it. */
    void deleted(String name) {
        if (statuses.read(KIND, name).isPresent()) {
            statuses.delete(KIND, name);
            LOG.infof("%s/%s: spec deleted; its records and status removed", KIND.plural(), name);
        }
    }

    /** What an implicit record published (kept in memory by the leader). */
    RecordStatus published(Wanted wanted, ZoneWriter.Outcome outcome) {
        return published(wanted, outcome, Optional.empty(), clock.instant());
    }

    private RecordStatus published(Wanted wanted, ZoneWriter.Outcome outcome, Optional<RecordStatus> before,
                                   Instant now) {
        Optional<RecordSet> set = outcome.plan().published();
        String changedAt = outcome.changed() ? now.toString() : before.map(RecordStatus::changedAt).orElse(null);
        return new RecordStatus(provider, wanted.zone(), wanted.name(), wanted.type(),
                set.map(RecordSet::ttl).orElse(null), set.map(RecordSet::values).orElse(null), changedAt, null,
                outcome.plan().conflict().orElse(null), node);
    }

    private static Status base(Status s, SpecCache.Checked<DnsRecordSpec> current,
                               SpecCache.Checked<DnsRecordSpec> inForce, Instant now) {
        Status next = s.withObservedGeneration(current.generation())
                .withApplied(inForce.json(), inForce.generation());
        return current.valid() ? next.withCondition("Valid", Condition.TRUE, "SchemaOk", "", now)
                : next.withCondition("Valid", Condition.FALSE, "Invalid", current.problem(), now);
    }
}
