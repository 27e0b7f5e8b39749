package io.converge.dns.rfc2136;

import io.converge.dns.Change;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Renders changes to one zone as one RFC 2136 UPDATE message (pure, deterministic: changes sorted by name, then
 * type). The prerequisite section holds, for each change, what converge read: the {@code before} records
 * (§2.4.2 "RRset exists (value dependent)": class IN, TTL 0, the server's set must equal them exactly) or, when
 * there was none, §2.4.3 "RRset does not exist" (class NONE, type, no data). A set added where there was none
 * also requires what would make the server drop it to be absent (§3.4.2.2: a CNAME is not added beside other data,
 * other data not beside a CNAME, both with NOERROR, the rest of the update applied): a new CNAME requires no A, AAAA
 * or TXT at its name, other new data no CNAME, unless the same message changes that type at the name (its own
 * prerequisite covers it). Someone adding such a set between converge's read and its update then makes the server
 * refuse the whole update (YXRRSET) instead of keeping an ownership entry for a set it dropped. The update section
 * holds, name by
 * name, the deletions first (§2.5.2 "delete an RRset": class ANY, TTL 0, for every change with a {@code before})
 * and then the additions (the {@code after} records with their TTL), so that a CNAME can replace other data at
 * its name in the same message. The TSIG signature is added when the message is sent.
 */
final class UpdateMessage {
    private static final Comparator<Change> ORDER = Comparator.comparing(Change::name).thenComparing(Change::type);

    private UpdateMessage() {
    }

    /**
     * @param zone    absolute, with the trailing dot
     * @param changes at most one per name and type, each inside {@code zone}
     * @throws IllegalArgumentException naming the change that is outside the zone, repeated, or holds a value
     *                                  that is not valid for its type
     */
    static Update of(String zone, List<Change> changes) {
        Name origin = RecordCodec.name(zone);
        List<Change> sorted = changes.stream().sorted(ORDER).toList();
        check(origin, sorted);
        Update update = new Update(origin);
        List<String> names = sorted.stream().map(Change::name).distinct().toList();
        for (String name : names) {
            List<Change> here = sorted.stream().filter(c -> c.name().equals(name)).toList();
            here.forEach(c -> prerequisite(update, c));
            besides(update, name, here);
        }
        for (String name : names) {
            List<Change> here = sorted.stream().filter(c -> c.name().equals(name)).toList();
            here.stream().filter(c -> c.before() != null).forEach(c -> update.addRecord(
                    Record.newRecord(RecordCodec.name(name), RecordCodec.type(c.type()), DClass.ANY, 0), Section.UPDATE));
            here.stream().filter(c -> c.after() != null).forEach(c -> RecordCodec.records(c.after(), c.after().ttl())
                    .forEach(r -> update.addRecord(r, Section.UPDATE)));
        }
        return update;
    }

    private static void prerequisite(Update update, Change change) {
        if (change.before() != null) {
            RecordCodec.records(change.before(), 0).forEach(r -> update.addRecord(r, Section.PREREQ));
        } else {
            update.addRecord(Record.newRecord(RecordCodec.name(change.name()), RecordCodec.type(change.type()),
                    DClass.NONE, 0), Section.PREREQ);
        }
    }

    /** "RRset does not exist" for each managed type that would make the server drop an addition at {@code name}. */
    private static void besides(Update update, String name, List<Change> here) {
        Set<Integer> absent = new TreeSet<>();
        for (Change change : here) {
            if (change.before() == null && change.after() != null) {
                if (RecordCodec.type(change.type()) == Type.CNAME) {
                    RecordCodec.TYPES.stream().filter(t -> t != Type.CNAME).forEach(absent::add);
                } else {
                    absent.add(Type.CNAME);
                }
            }
        }
        here.forEach(c -> absent.remove(RecordCodec.type(c.type())));
        for (int type : absent) {
            update.addRecord(Record.newRecord(RecordCodec.name(name), type, DClass.NONE, 0), Section.PREREQ);
        }
    }

    private static void check(Name origin, List<Change> sorted) {
        Set<String> seen = new HashSet<>();
        for (Change change : sorted) {
            if (!RecordCodec.name(change.name()).subdomain(origin)) {
                throw new IllegalArgumentException(change.name() + " is outside the zone " + origin);
            }
            if (!seen.add(change.name() + " " + change.type())) {
                throw new IllegalArgumentException("two changes of " + change.name() + " " + change.type());
            }
        }
    }
}
