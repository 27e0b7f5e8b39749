package io.converge.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the leader published for a DnsRecord (the {@code dns} field of its status): the record set as the provider
 * holds it now, when it last changed, and why it is not published when it is not.
 *
 * @param provider  {@code powerdns} or {@code rfc2136}
 * @param zone      the zone, absolute
 * @param name      the record set's absolute name
 * @param type      {@code A}, {@code AAAA}, {@code CNAME} or {@code TXT}
 * @param ttl       seconds; absent while nothing is published
 * @param values    the published values (presentation format), sorted; absent while nothing is published
 * @param changedAt when converge last changed the record set at the provider (ISO-8601)
 * @param error     the provider's own words when the last change failed
 * @param conflict  what holds the name instead (a record converge does not own, another DnsRecord)
 * @param writer    the node (the leader) that wrote this
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecordStatus(String provider, String zone, String name, String type, Long ttl, List<String> values,
                           String changedAt, String error, String conflict, String writer) {

    public RecordStatus {
        values = values == null ? null : List.copyOf(values);
    }
}
