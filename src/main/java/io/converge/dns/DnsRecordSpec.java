package io.converge.dns;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.converge.model.Json;
import java.util.List;

/**
 * The typed {@code spec} of a DnsRecord (SPEC §6.4), with defaults applied. Built only from a document that passed
 * its schema; {@link DnsChecks} adds what a schema cannot say (zones, lengths).
 *
 * @param name    as written: relative to the zone, {@code @}, or absolute with the final dot; {@code null} for the
 *                resource's own name
 * @param values  the exact values, or empty when the record follows {@code service}
 * @param service the Consul service whose site the CNAME follows, or {@code null}
 * @param zone    as written, or {@code null} for the first configured zone
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DnsRecordSpec(String name, String type, Long ttl, List<String> values, String service, String zone) {
    /** The TTL of a document without one. */
    public static final long DEFAULT_TTL = 60;

    public DnsRecordSpec {
        ttl = ttl == null ? DEFAULT_TTL : ttl;
        values = values == null ? List.of() : List.copyOf(values);
    }

    public static DnsRecordSpec from(JsonNode spec) {
        return Json.MAPPER.convertValue(spec, DnsRecordSpec.class);
    }

    /** Whether the record follows a service (a CNAME to its site) rather than holding fixed values. */
    public boolean follows() {
        return service != null;
    }
}
