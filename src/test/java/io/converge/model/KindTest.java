package io.converge.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KindTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "Service, SERVICE", "service, SERVICE", "SERVICE, SERVICE", "services, SERVICE", "Services, SERVICE",
            "svc, SERVICE", "SVC, SERVICE",
            "PortForward, PORT_FORWARD", "portforward, PORT_FORWARD", "portforwards, PORT_FORWARD",
            "PortForwards, PORT_FORWARD", "pf, PORT_FORWARD", "PF, PORT_FORWARD",
            "Route, ROUTE", "routes, ROUTE", "route, ROUTE", "ROUTES, ROUTE",
            "DnsRecord, DNS_RECORD", "dnsrecord, DNS_RECORD", "dnsrecords, DNS_RECORD", "DNSRECORDS, DNS_RECORD",
            "dns, DNS_RECORD", "Dns, DNS_RECORD",
    })
    void parseAcceptsKindPluralAndShortNameInAnyCase(String text, Kind expected) {
        assertThat(Kind.parse(text)).hasValue(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "pod", "serv", "service ", "port-forward", "svcs"})
    void parseRejectsAnythingElse(String text) {
        assertThat(Kind.parse(text)).isEmpty();
    }

    @Test
    void ofKindNameIsExact() {
        assertThat(Kind.ofKindName("PortForward")).hasValue(Kind.PORT_FORWARD);
        assertThat(Kind.ofKindName("portforward")).isEmpty();
        assertThat(Kind.ofKindName("svc")).isEmpty();
    }

    @Test
    void namesUsedInKeysAndFiles() {
        assertThat(Kind.SERVICE.plural()).isEqualTo("services");
        assertThat(Kind.DNS_RECORD.schemaFile()).isEqualTo("dnsrecords.schema.json");
        assertThat(Kind.PORT_FORWARD.kindName()).isEqualTo("PortForward");
        assertThat(Kind.ROUTE.shortName()).isEqualTo("route");
    }
}
