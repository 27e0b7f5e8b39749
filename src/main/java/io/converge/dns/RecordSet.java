package io.converge.dns;

import java.util.List;
import java.util.Locale;

/**
 * One DNS record set as converge plans it and a provider holds it: every record of one name and type. A value
 * (sorted values): equal sets hold the same records.
 *
 * @param name   absolute, lower case, with the trailing dot ({@code svc.example.jp.})
 * @param type   {@code A}, {@code AAAA}, {@code CNAME} or {@code TXT}
 * @param ttl    seconds
 * @param values in presentation format: an address, an absolute name with the trailing dot for CNAME, a TXT value
 *               as one or more quoted strings ({@code "converge owner=c1"}), sorted
 */
public record RecordSet(String name, String type, long ttl, List<String> values) {

    public RecordSet {
        name = name.toLowerCase(Locale.ROOT);
        if (!name.endsWith(".")) {
            throw new IllegalArgumentException("not an absolute name: " + name);
        }
        type = type.toUpperCase(Locale.ROOT);
        values = values.stream().sorted().distinct().toList();
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a record set holds at least one record: " + name + " " + type);
        }
    }

    /** The same set with another TTL. */
    public RecordSet withTtl(long other) {
        return new RecordSet(name, type, other, values);
    }
}
