package io.converge.dns.rfc2136;

import io.converge.dns.Ipv6Text;
import io.converge.dns.RecordSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Between converge's {@link RecordSet} (presentation-format values) and dnsjava's records (pure). Only the types
 * converge manages are read: {@link #TYPES}. Values read are normalised as converge writes them: IPv6 addresses in
 * RFC 5952's short form, CNAME targets absolute and lower case, TXT as dnsjava prints it (quoted strings).
 */
final class RecordCodec {
    /** The types converge manages, in the order they are queried. */
    static final List<Integer> TYPES = List.of(Type.A, Type.AAAA, Type.CNAME, Type.TXT);

    private RecordCodec() {
    }

    /** An absolute dnsjava name from converge's absolute name; {@link IllegalArgumentException} naming it if bad. */
    static Name name(String absolute) {
        if (absolute == null || !absolute.endsWith(".")) {
            throw new IllegalArgumentException("not an absolute name (with the trailing dot): " + absolute);
        }
        try {
            return Name.fromString(absolute);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + absolute + " (" + e.getMessage() + ")");
        }
    }

    /** The type code of a converge type name ({@code A}, {@code AAAA}, {@code CNAME}, {@code TXT}). */
    static int type(String type) {
        int code = Type.value(type);
        if (!TYPES.contains(code)) {
            throw new IllegalArgumentException("a type converge does not manage: " + type);
        }
        return code;
    }

    /**
     * The records of {@code set} with {@code ttl} (the set's own for an addition, 0 for a prerequisite).
     *
     * @throws IllegalArgumentException naming the value that is not valid presentation format for its type
     */
    static List<Record> records(RecordSet set, long ttl) {
        Name owner = name(set.name());
        int type = type(set.type());
        List<Record> records = new ArrayList<>();
        for (String value : set.values()) {
            try {
                records.add(Record.fromString(owner, type, DClass.IN, ttl, value, Name.root));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("not a valid " + set.type() + " value at " + set.name() + ": "
                        + value + " (" + e.getMessage() + ")");
            }
        }
        return records;
    }

    /**
     * The record sets of {@code records} that are of a managed type and whose owner is one of {@code names}
     * (converge's lower-case absolute names), sorted by name then type; a set's TTL is its smallest record TTL.
     */
    static List<RecordSet> sets(List<Record> records, Set<String> names) {
        Map<List<String>, List<Record>> byKey = new LinkedHashMap<>();
        for (Record r : records) {
            String owner = r.getName().toString().toLowerCase(Locale.ROOT);
            if (TYPES.contains(r.getType()) && (names == null || names.contains(owner))) {
                byKey.computeIfAbsent(List.of(owner, Type.string(r.getType())), k -> new ArrayList<>()).add(r);
            }
        }
        List<RecordSet> sets = new ArrayList<>();
        byKey.forEach((key, rs) -> sets.add(new RecordSet(key.get(0), key.get(1),
                rs.stream().mapToLong(Record::getTTL).min().orElseThrow(),
                rs.stream().map(RecordCodec::value).toList())));
        sets.sort(Comparator.comparing(RecordSet::name).thenComparing(RecordSet::type));
        return sets;
    }

    /** One record's value in converge's presentation format. */
    static String value(Record r) {
        if (r instanceof AAAARecord aaaa) {
            return Ipv6Text.of(aaaa.getAddress().getAddress());
        }
        if (r instanceof CNAMERecord cname) {
            return cname.getTarget().toString().toLowerCase(Locale.ROOT);
        }
        return r.rdataToString();
    }
}
