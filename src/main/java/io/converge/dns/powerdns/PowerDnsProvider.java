package io.converge.dns.powerdns;

import io.converge.dns.Change;
import io.converge.dns.DnsException;
import io.converge.dns.DnsProvider;
import io.converge.dns.RecordSet;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link DnsProvider} on PowerDNS Authoritative 4.7's HTTP API ({@code X-API-Key}), for zones the server holds
 * (tested with its gsqlite3 backend). The issue names quarkus-rest-client; its clients are CDI beans built by the
 * Quarkus runtime, and the adapters are plain Java objects the room constructs from configuration, so this one
 * uses the JDK HTTP client (no reflection, native-friendly).
 *
 * <p>{@link #read}: fewer than {@value #WHOLE_ZONE_FROM} names are read one {@code GET ?rrset_name=} each, which
 * costs the same whatever the zone's size; more are read in one {@code GET} of the whole zone, filtered here
 * (measured with 4.7 on loopback: ~2.5 ms per {@code rrset_name} request, ~28 ms for a whole zone of 1,000 sets).
 * Disabled records are not read (PowerDNS does not serve them, and its {@code rrset_name} query omits them).
 *
 * <p>{@link #apply}: one {@code PATCH} per call, which PowerDNS applies in one backend transaction and after which
 * it purges its caches for the zone. PowerDNS has no prerequisites: a record set changed by someone else between
 * the room's {@link #read} and this {@code PATCH} is overwritten, not detected (the room reads again before each
 * apply, so the window is the read-to-PATCH time). A {@link DnsException} from it is never {@code stale}. The names
 * of each change are flushed from PowerDNS's caches again 100 ms and 1 s after the PATCH ({@link CacheFlusher}).
 */
public final class PowerDnsProvider implements DnsProvider {
    /** From this many names on, {@link #read} fetches the whole zone once instead of one request per name. */
    static final int WHOLE_ZONE_FROM = 8;
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(2);
    /** When the names of a change are flushed from PowerDNS's caches once more after its PATCH. */
    static final List<Duration> FLUSH_AFTER = List.of(Duration.ofMillis(100), Duration.ofSeconds(1));

    private final PowerDnsApi api;
    private final Duration timeout;
    private final int wholeZoneFrom;
    private final CacheFlusher flusher;

    /**
     * @param apiBase  the API's base URL, e.g. {@code http://127.0.0.1:8081} (the webserver's address)
     * @param serverId PowerDNS's server id, {@code localhost} unless the server is configured otherwise
     * @param apiKey   the API key (the caller reads it from a file or the environment)
     * @param timeout  the limit of each request, connecting included
     */
    public PowerDnsProvider(URI apiBase, String serverId, String apiKey, Duration timeout) {
        this(apiBase, serverId, apiKey, timeout, WHOLE_ZONE_FROM);
    }

    PowerDnsProvider(URI apiBase, String serverId, String apiKey, Duration timeout, int wholeZoneFrom) {
        this(apiBase, serverId, apiKey, timeout, wholeZoneFrom, FLUSH_AFTER);
    }

    PowerDnsProvider(URI apiBase, String serverId, String apiKey, Duration timeout, int wholeZoneFrom,
                     List<Duration> flushAfter) {
        if (apiKey == null || apiKey.isBlank() || apiKey.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("the PowerDNS API key is empty or holds control characters");
        }
        if (serverId == null || serverId.isBlank()) {
            throw new IllegalArgumentException("no PowerDNS server id");
        }
        if (!"http".equals(apiBase.getScheme()) && !"https".equals(apiBase.getScheme())) {
            throw new IllegalArgumentException("the PowerDNS API base is not an http(s) URL: " + apiBase);
        }
        this.api = new PowerDnsApi(apiBase, serverId, apiKey.strip(), timeout);
        this.timeout = timeout;
        this.wholeZoneFrom = wholeZoneFrom;
        this.flusher = new CacheFlusher(api, flushAfter);
    }

    @Override
    public String kind() {
        return "powerdns";
    }

    /**
     * The record sets at {@code names}, sorted by name and type; an unknown name reads as no set. A zone the server
     * does not hold is a {@link DnsException}.
     *
     * @throws IllegalArgumentException a name outside {@code zone}
     */
    @Override
    public List<RecordSet> read(String zone, Collection<String> names) throws DnsException {
        String origin = absolute(zone);
        Set<String> wanted = new TreeSet<>();
        for (String name : names) {
            String n = absolute(name);
            if (!n.equals(origin) && !n.endsWith("." + origin)) {
                throw new IllegalArgumentException("read " + origin + ": " + name + " is not inside the zone");
            }
            wanted.add(n);
        }
        List<RecordSet> sets = new ArrayList<>();
        if (wanted.size() >= wholeZoneFrom) {
            sets.addAll(parse(origin, api.zone("read", origin, "GET", "", null), wanted));
        } else {
            for (String name : wanted) {
                String query = "?rrset_name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
                sets.addAll(parse(origin, api.zone("read", origin, "GET", query, null), Set.of(name)));
            }
        }
        sets.sort(Comparator.comparing(RecordSet::name).thenComparing(RecordSet::type));
        return sets;
    }

    /** Every record set of the zone, from one {@code GET} of it. */
    @Override
    public List<RecordSet> list(String zone) throws DnsException {
        String origin = absolute(zone);
        List<RecordSet> sets = new ArrayList<>(parse(origin, api.zone("list", origin, "GET", "", null), null));
        sets.sort(Comparator.comparing(RecordSet::name).thenComparing(RecordSet::type));
        return sets;
    }

    /**
     * One {@code PATCH}: every deletion first, then every addition or change as a {@code REPLACE} of the whole
     * set; all or nothing. Nothing is sent for no change. PowerDNS's refusal (a CNAME beside other data, a name
     * out of the zone, content it cannot parse, an unknown zone) is a {@link DnsException} with its words.
     */
    @Override
    public void apply(String zone, List<Change> changes) throws DnsException {
        if (changes.isEmpty()) {
            return;
        }
        String origin = absolute(zone);
        api.zone("apply", origin, "PATCH", "", Rrsets.patch(changes));
        flusher.after(changes.stream().map(Change::name).collect(java.util.stream.Collectors.toSet()));
    }

    /** Asks the server resource, waiting at most 2 s (or the request timeout when shorter). */
    @Override
    public Optional<String> problem() {
        Duration limit = timeout.compareTo(PROBE_LIMIT) < 0 ? timeout : PROBE_LIMIT;
        try {
            PowerDnsApi.Answer answer = api.send("GET", api.server(), null, limit);
            return answer.ok() ? Optional.empty() : Optional.of(api.refusal(answer, null));
        } catch (IOException e) {
            return Optional.of(api.unreachable(e, limit));
        }
    }

    private static List<RecordSet> parse(String zone, byte[] body, Set<String> names) throws DnsException {
        try {
            return Rrsets.parse(body, names);
        } catch (IOException | RuntimeException e) {
            throw new DnsException("read", zone, "PowerDNS's answer cannot be read: " + e.getMessage(), false);
        }
    }

    private static String absolute(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (!n.endsWith(".") || n.length() < 2) {
            throw new IllegalArgumentException("not an absolute domain name: " + name);
        }
        return n;
    }
}
