package io.converge.dns.rfc2136;

import io.converge.dns.Change;
import io.converge.dns.RecordSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares what an accepted update should have left with what the server holds afterwards (pure). A server may
 * answer NOERROR and still not hold an addition: RFC 2136 §3.4.2.2 has it ignore a CNAME added beside other data
 * and other data added beside a CNAME (BIND 9.18 does so without a word).
 */
final class ReadBack {

    private ReadBack() {
    }

    /**
     * What the server does not hold as {@code changes} asked, one phrase per record set, or empty when it holds
     * every {@code after} (values and TTL) and none of the deleted sets.
     *
     * @param held the sets read back at the changes' names and types
     */
    static Optional<String> differences(List<Change> changes, List<RecordSet> held) {
        List<String> out = new ArrayList<>();
        for (Change change : changes) {
            Optional<RecordSet> now = held.stream()
                    .filter(s -> s.name().equals(change.name()) && s.type().equals(change.type())).findFirst();
            if (change.after() == null) {
                now.ifPresent(s -> out.add(s.name() + " " + s.type() + " still holds " + s.values()));
            } else if (now.isEmpty()) {
                out.add(describe(change.after()) + " was dropped by the server");
            } else if (!now.get().equals(change.after())) {
                out.add(describe(change.after()) + " is held as " + describe(now.get()));
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", out));
    }

    private static String describe(RecordSet set) {
        return set.name() + " " + set.ttl() + " " + set.type() + " " + String.join(" ", set.values());
    }
}
