package io.converge.dns.rfc2136;

import io.converge.dns.Change;
import io.converge.dns.DnsException;
import io.converge.dns.DnsProvider;
import io.converge.dns.RecordSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Update;

/**
 * The {@code rfc2136} provider: RFC 2136 dynamic update with TSIG against one authoritative server (BIND 9.18 is
 * what it is tested with). Plain Java, no CDI; thread-safe (it keeps no state between calls).
 *
 * <ul>
 *   <li>{@link #read}: the types converge manages ({@code A}, {@code AAAA}, {@code CNAME}, {@code TXT}; other
 *       types at a name are not reported) by signed TCP queries of each type ({@code query}: an {@code ANY} query
 *       is not answered reliably) or by one signed AXFR of the zone ({@code axfr}).</li>
 *   <li>{@link #apply}: one signed UPDATE per call (see {@link UpdateMessage}) whose prerequisites are what
 *       converge read, so that a set changed by someone else in between fails the whole with a stale
 *       {@link DnsException} and nothing is changed. After the server accepts it, the changed sets are read back
 *       (by queries, whatever the read mode): a server may accept an addition and drop it (a TXT beside a CNAME),
 *       which is reported as an error that is not stale. Names answered from a wildcard read as if they held its
 *       records in {@code query} mode (and not in {@code axfr} mode); converge's names are not expected to.</li>
 *   <li>{@link #problem}: an SOA query, signed, for each configured zone; a wrong key shows there too.</li>
 * </ul>
 */
public final class Rfc2136Provider implements DnsProvider {
    /** How the provider reads what the zone holds. */
    public enum ReadMode {
        /** Queries of each managed type at each name (4 per name, sent together). */
        QUERY,
        /** One zone transfer, filtered to the names (the server must allow it to the key). */
        AXFR;

        /** {@code query} or {@code axfr}, any case. */
        public static ReadMode parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("rfc2136: read mode is query or axfr, not " + text);
            }
        }
    }

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final DnsServer server;
    private final ReadMode readMode;
    private final Duration timeout;
    private final List<String> zones;
    private final ZoneReader reader;

    /**
     * @param server    {@code host:port} of the authoritative server ({@code [v6]:port}; port 53 when left out)
     * @param keyName   the TSIG key's name as the server knows it
     * @param algorithm the TSIG algorithm; {@code null} or blank for {@code hmac-sha256}
     * @param secret    the key's base64 secret (the caller reads it from a file or the environment)
     * @param readMode  {@code query} or {@code axfr}
     * @param timeout   for each exchange with the server
     * @param zones     the zones converge writes (absolute), probed by {@link #problem}
     * @throws IllegalArgumentException naming the first setting that is wrong
     */
    public Rfc2136Provider(String server, String keyName, String algorithm, String secret, String readMode,
                           Duration timeout, List<String> zones) {
        this.server = new DnsServer(server, keyName, algorithm, secret);
        this.readMode = ReadMode.parse(readMode == null ? "" : readMode);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("rfc2136: the timeout must be positive, not " + timeout);
        }
        this.timeout = timeout;
        if (zones == null || zones.isEmpty()) {
            throw new IllegalArgumentException("rfc2136: no zones");
        }
        zones.forEach(RecordCodec::name);
        this.zones = zones.stream().map(z -> z.toLowerCase(Locale.ROOT)).toList();
        this.reader = new ZoneReader(this.server, timeout);
    }

    @Override
    public String kind() {
        return "rfc2136";
    }

    @Override
    public List<RecordSet> read(String zone, Collection<String> names) throws DnsException {
        Set<String> wanted = new LinkedHashSet<>();
        for (String name : names) {
            wanted.add(inside(zone, name, "read"));
        }
        if (wanted.isEmpty()) {
            return List.of();
        }
        if (readMode == ReadMode.AXFR) {
            return reader.transfer(zone, wanted);
        }
        List<ZoneReader.Question> questions = new ArrayList<>();
        for (String name : wanted) {
            RecordCodec.TYPES.forEach(type -> questions.add(new ZoneReader.Question(name, type)));
        }
        return reader.query(zone, questions);
    }

    /** Every record set of the zone, from one AXFR, whatever the read mode (the server must allow it to the key). */
    @Override
    public List<RecordSet> list(String zone) throws DnsException {
        return reader.transfer(zone, null);
    }

    @Override
    public void apply(String zone, List<Change> changes) throws DnsException {
        if (changes.isEmpty()) {
            return;
        }
        Update update;
        try {
            update = UpdateMessage.of(zone, changes);
        } catch (IllegalArgumentException e) {
            throw new DnsException("update", zone, e.getMessage(), false);
        }
        Message answer = server.send(update, timeout, "update", zone);
        int rcode = answer.getRcode();
        if (rcode == Rcode.NXRRSET || rcode == Rcode.YXRRSET || rcode == Rcode.NXDOMAIN || rcode == Rcode.YXDOMAIN) {
            throw new DnsException("update", zone, "a prerequisite failed (" + Rcode.string(rcode)
                    + "): the zone no longer holds what converge read; nothing was changed", true);
        }
        if (rcode != Rcode.NOERROR) {
            throw new DnsException("update", zone, DnsServer.rcode(answer) + " from " + server, false);
        }
        if (!answer.isVerified()) {
            throw new DnsException("update", zone, "the NOERROR answer of " + server + " is not signed with the key",
                    false);
        }
        List<ZoneReader.Question> questions = changes.stream()
                .map(c -> new ZoneReader.Question(c.name(), RecordCodec.type(c.type()))).toList();
        Optional<String> lost = ReadBack.differences(changes, reader.query(zone, questions));
        if (lost.isPresent()) {
            throw new DnsException("update", zone, "the server answered NOERROR but " + lost.get(), false);
        }
    }

    @Override
    public Optional<String> problem() {
        ZoneReader probe = new ZoneReader(server, timeout.compareTo(PROBE_TIMEOUT) < 0 ? timeout : PROBE_TIMEOUT);
        for (String zone : zones) {
            try {
                probe.soa(zone);
            } catch (DnsException e) {
                return Optional.of(e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static String inside(String zone, String name, String operation) throws DnsException {
        String lower = name.toLowerCase(Locale.ROOT);
        try {
            if (!RecordCodec.name(lower).subdomain(RecordCodec.name(zone))) {
                throw new DnsException(operation, zone, name + " is outside the zone", false);
            }
        } catch (IllegalArgumentException e) {
            throw new DnsException(operation, zone, e.getMessage(), false);
        }
        return lower;
    }
}
