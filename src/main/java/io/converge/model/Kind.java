package io.converge.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The resource kinds converge knows, with the names users may type for them. */
public enum Kind {
    SERVICE("Service", "services", "svc"),
    PORT_FORWARD("PortForward", "portforwards", "pf"),
    ROUTE("Route", "routes", "route"),
    DNS_RECORD("DnsRecord", "dnsrecords", "dns");

    private final String kindName;
    private final String plural;
    private final String shortName;

    Kind(String kindName, String plural, String shortName) {
        this.kindName = kindName;
        this.plural = plural;
        this.shortName = shortName;
    }

    /** The value of a document's {@code kind} field, e.g. {@code Service}. */
    public String kindName() {
        return kindName;
    }

    /** The lowercase plural used in KV keys and schema file names, e.g. {@code services}. */
    public String plural() {
        return plural;
    }

    public String shortName() {
        return shortName;
    }

    /** The schema file name in {@code crds-as-json/}. */
    public String schemaFile() {
        return plural + ".schema.json";
    }

    /** Accepts the kind, its plural or its short name, in any case. */
    public static Optional<Kind> parse(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(k -> k.kindName.toLowerCase(Locale.ROOT).equals(t) || k.plural.equals(t) || k.shortName.equals(t))
                .findFirst();
    }

    /** The kind whose document {@code kind} field is exactly {@code kindName}. */
    public static Optional<Kind> ofKindName(String kindName) {
        return Arrays.stream(values()).filter(k -> k.kindName.equals(kindName)).findFirst();
    }
}
