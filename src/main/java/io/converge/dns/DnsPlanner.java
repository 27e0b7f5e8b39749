package io.converge.dns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides the changes that bring one resource's records where it wants them, from what the zone holds (the record
 * sets at its names and their ownership names). Pure: no I/O, no clock.
 *
 * <ul>
 *   <li>A record set is converge's when the ownership record beside its name says so for this cluster and this
 *       resource; converge changes or deletes nothing else.</li>
 *   <li>What the resource owned and no longer wants (a name or type that changed, a service that stopped passing,
 *       a deleted document) is deleted with its ownership entry.</li>
 *   <li>A name held by anything converge does not own for this resource — a foreign record, another resource's,
 *       another cluster's, a CNAME beside it or other data beside a wanted CNAME — is a conflict, left alone.</li>
 *   <li>An owned record set whose content no longer matches the digest converge wrote was edited by hand: a
 *       conflict as well, never overwritten (deleting it by hand hands it back).</li>
 * </ul>
 */
public final class DnsPlanner {

    /**
     * @param changes   to apply in one transaction (empty: nothing to do)
     * @param conflict  why the wanted record cannot be published, naming what holds the name
     * @param published what the zone holds for the resource once the changes are applied
     * @param released  record names where this resource gave up an ownership entry (others may want them now)
     */
    public record Plan(List<Change> changes, Optional<String> conflict, Optional<RecordSet> published,
                       Set<String> released) {
    }

    private DnsPlanner() {
    }

    /**
     * @param owner    this cluster's owner id
     * @param resource the resource's id in ownership entries ({@code dnsrecords/<name>})
     * @param want     the record set the resource wants, or {@code null} for none
     * @param observed every record set at the names concerned and at their ownership names
     */
    public static Plan plan(String owner, String resource, RecordSet want, List<RecordSet> observed) {
        Map<String, RecordSet> sets = new HashMap<>();
        observed.forEach(s -> sets.put(s.name() + " " + s.type(), s));
        Map<String, List<String>> registry = new LinkedHashMap<>();
        observed.stream().filter(s -> s.type().equals("TXT") && Ownership.recordName(s.name()).isPresent())
                .forEach(s -> registry.put(s.name(), new ArrayList<>(s.values())));
        List<Change> changes = new ArrayList<>();
        Set<String> released = new TreeSet<>();
        Optional<Ownership.Entry> kept = Optional.empty();
        for (Map.Entry<String, List<String>> e : registry.entrySet()) {
            String name = Ownership.recordName(e.getKey()).orElseThrow();
            for (String text : List.copyOf(e.getValue())) {
                Optional<Ownership.Entry> entry = Ownership.parse(text).filter(o -> o.of(owner, resource));
                if (entry.isEmpty()) {
                    continue;
                }
                if (want != null && name.equals(want.name()) && entry.get().type().equals(want.type())) {
                    kept = entry;
                    continue;
                }
                e.getValue().remove(text);
                released.add(name);
                String key = name + " " + entry.get().type();
                RecordSet held = sets.get(key);
                if (held != null && Ownership.sum(held).equals(entry.get().sum())) {
                    changes.add(new Change(held, null));   // an edited one is left where it is, unowned
                    sets.remove(key);
                }
            }
        }
        Optional<String> conflict = Optional.empty();
        Optional<RecordSet> published = Optional.empty();
        if (want != null) {
            conflict = kept.isPresent() ? edited(want, sets, kept.get()) : blocker(owner, want, sets, registry);
            if (conflict.isEmpty()) {
                published = Optional.of(want);
                RecordSet now = sets.get(want.name() + " " + want.type());
                if (!want.equals(now)) {
                    changes.add(new Change(now, want));
                }
                String ownName = Ownership.nameFor(want.name());
                List<String> texts = registry.computeIfAbsent(ownName, n -> new ArrayList<>());
                kept.ifPresent(k -> texts.remove(k.text()));
                texts.add(new Ownership.Entry(owner, resource, want.type(), Ownership.sum(want)).text());
            }
        }
        changes.addAll(registryChanges(registry, sets, want));
        return new Plan(List.copyOf(changes), conflict, published, released);
    }

    /** The owned set was changed by hand since converge wrote it (absent: deleted by hand, converge's again). */
    private static Optional<String> edited(RecordSet want, Map<String, RecordSet> sets, Ownership.Entry kept) {
        RecordSet now = sets.get(want.name() + " " + want.type());
        if (now == null || Ownership.sum(now).equals(kept.sum())) {
            return Optional.empty();
        }
        return Optional.of(want.name() + " " + want.type() + " was changed outside converge (now " + describe(now)
                + "); converge leaves it alone: restore it or delete it to hand it back");
    }

    /** What holds the wanted name, when this resource does not. */
    private static Optional<String> blocker(String owner, RecordSet want, Map<String, RecordSet> sets,
                                            Map<String, List<String>> registry) {
        List<String> claims = registry.getOrDefault(Ownership.nameFor(want.name()), List.of()).stream()
                .map(Ownership::parse).flatMap(Optional::stream)
                .filter(o -> o.type().equals(want.type()) || o.type().equals("CNAME") || want.type().equals("CNAME"))
                .map(o -> o.owner().equals(owner) ? o.resource() : "converge owner '" + o.owner() + "'")
                .distinct().sorted().toList();
        if (!claims.isEmpty()) {
            return Optional.of(want.name() + " is held by " + String.join(", ", claims));
        }
        for (RecordSet s : sets.values()) {
            boolean sameName = s.name().equals(want.name());
            if (sameName && (s.type().equals(want.type()) || s.type().equals("CNAME") || want.type().equals("CNAME"))) {
                String beside = s.type().equals(want.type()) ? "" : (want.type().equals("CNAME")
                        ? "; a CNAME cannot sit beside other data" : "; nothing can sit beside a CNAME");
                return Optional.of(want.name() + " holds " + describe(s) + ", which converge does not own" + beside);
            }
        }
        return Optional.empty();
    }

    private static List<Change> registryChanges(Map<String, List<String>> registry, Map<String, RecordSet> sets,
                                                RecordSet want) {
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : registry.entrySet()) {
            RecordSet before = sets.get(e.getKey() + " TXT");
            long ttl = before != null ? before.ttl() : want != null ? want.ttl() : DnsRecordSpec.DEFAULT_TTL;
            RecordSet after = e.getValue().isEmpty() ? null : new RecordSet(e.getKey(), "TXT", ttl, e.getValue());
            if (before == null && after == null || after != null && after.equals(before)) {
                continue;
            }
            changes.add(new Change(before, after));
        }
        return changes;
    }

    static String describe(RecordSet s) {
        return s.type() + " " + String.join(" ", s.values());
    }
}
