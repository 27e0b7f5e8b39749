package io.converge.dns;

import io.converge.model.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a DnsRecord's schema cannot check, against this cluster's zones: the zone is one converge writes, the name
 * lands inside it and is a valid domain name, a CNAME is not at the apex (beside the zone's SOA and NS), a CNAME
 * target is a valid name, an AAAA value is an IPv6 address, and a TXT value fits in one character-string. Pure.
 */
public final class DnsChecks {
    /** The most octets of one TXT character-string (RFC 1035). */
    public static final int TXT_MAX = 255;

    private DnsChecks() {
    }

    /** The problems, with paths under {@code /spec}; empty when the record can be written. */
    public static List<Problem> problems(DnsRecordSpec spec, Zones zones) {
        List<Problem> problems = new ArrayList<>();
        if (zones.all().isEmpty()) {
            problems.add(new Problem("/spec/zone", "no zone is configured on this cluster (converge.dns.zones)"));
            return problems;
        }
        if (spec.zone() != null && !zones.configured(spec.zone())) {
            problems.add(new Problem("/spec/zone", Zones.absolute(spec.zone()) + " is not one of the zones converge "
                    + "writes (" + String.join(", ", zones.all()) + ")"));
            return problems;
        }
        String zone = zoneOf(spec, zones).orElse(null);
        if (spec.name() != null) {
            String name = Zones.resolve(spec.name(), zone == null ? zones.all().get(0) : zone);
            if (zone == null || !Zones.inside(name, zone)) {
                problems.add(new Problem("/spec/name", name + " is outside " + (spec.zone() != null ? "zone " + zone
                        : "every configured zone (" + String.join(", ", zones.all()) + ")")));
            } else {
                nameProblem(name).ifPresent(p -> problems.add(new Problem("/spec/name", p)));
                if (spec.type().equals("CNAME") && name.equals(zone)) {
                    problems.add(new Problem("/spec/name", "a CNAME cannot sit at the zone apex " + zone
                            + " (beside its SOA and NS records)"));
                }
            }
        }
        for (int i = 0; i < spec.values().size(); i++) {
            String path = "/spec/values/" + i;
            valueProblem(spec.type(), spec.values().get(i)).ifPresent(p -> problems.add(new Problem(path, p)));
        }
        return problems;
    }

    /**
     * The zone of a record: its own {@code zone}, else the most specific configured zone holding its absolute
     * name, else the first configured zone.
     */
    public static Optional<String> zoneOf(DnsRecordSpec spec, Zones zones) {
        if (spec.zone() != null) {
            return Optional.of(Zones.absolute(spec.zone()));
        }
        if (spec.name() != null && spec.name().endsWith(".")) {
            return zones.zoneOf(Zones.absolute(spec.name()));
        }
        return zones.defaultZone();
    }

    /** Why an absolute name is not a valid domain name (RFC 1035 lengths), or empty. */
    public static Optional<String> nameProblem(String absolute) {
        if (absolute.length() > 254) {
            return Optional.of(absolute + " is " + (absolute.length() - 1) + " characters long; a domain name has at "
                    + "most 253");
        }
        String[] labels = absolute.substring(0, absolute.length() - 1).split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63) {
                return Optional.of(absolute + " has a label of " + label.length() + " characters; labels have 1 to 63");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> valueProblem(String type, String value) {
        return switch (type) {
            case "TXT" -> {
                int octets = value.getBytes(StandardCharsets.UTF_8).length;
                yield octets > TXT_MAX ? Optional.of("is " + octets + " octets; a TXT string holds at most " + TXT_MAX)
                        : Optional.empty();
            }
            case "CNAME" -> !value.matches("[A-Za-z0-9_.-]+") || value.startsWith(".")
                    ? Optional.of("'" + value + "' is not a domain name")
                    : nameProblem(Zones.absolute(value));
            case "AAAA" -> Ipv6Text.canonical(value).isPresent() ? Optional.empty()
                    : Optional.of("'" + value + "' is not an IPv6 address");
            default -> Optional.empty();
        };
    }
}
