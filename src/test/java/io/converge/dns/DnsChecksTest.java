package io.converge.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.converge.model.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsChecksTest {
    private static final Zones ZONES = new Zones(List.of("example.jp", "sub.example.jp.", "example.net."));

    private static DnsRecordSpec spec(String name, String type, String zone, String... values) {
        return new DnsRecordSpec(name, type, null, List.of(values), values.length == 0 ? "svc" : null, zone);
    }

    private static List<String> problems(DnsRecordSpec spec) {
        return DnsChecks.problems(spec, ZONES).stream().map(Problem::toString).toList();
    }

    @Test
    void aRelativeNameInTheDefaultZoneIsFine() {
        assertThat(problems(spec("www", "A", null, "192.0.2.1"))).isEmpty();
        assertThat(problems(spec(null, "CNAME", null))).isEmpty();
        assertThat(problems(spec("web.example.net.", "A", null, "192.0.2.1"))).isEmpty();
    }

    @Test
    void aZoneConvergeDoesNotWriteIsRefusedAtSpecZone() {
        assertThat(problems(spec("www", "A", "example.org.", "192.0.2.1")))
                .containsExactly("/spec/zone: example.org. is not one of the zones converge writes "
                        + "(example.jp., sub.example.jp., example.net.)");
    }

    @Test
    void anAbsoluteNameOutsideEveryZoneIsRefusedAtSpecName() {
        assertThat(problems(spec("www.example.org.", "A", null, "192.0.2.1")))
                .singleElement().asString().startsWith("/spec/name: www.example.org. is outside every configured zone");
        assertThat(problems(spec("www.example.net.", "A", "example.jp.", "192.0.2.1")))
                .singleElement().asString().contains("is outside zone example.jp.");
    }

    @Test
    void theMostSpecificZoneHoldsAnAbsoluteName() {
        assertThat(DnsChecks.zoneOf(spec("a.sub.example.jp.", "A", null, "192.0.2.1"), ZONES))
                .contains("sub.example.jp.");
    }

    @Test
    void aCnameAtTheApexIsRefused() {
        assertThat(problems(spec("@", "CNAME", null, "x.example.com")))
                .singleElement().asString().contains("a CNAME cannot sit at the zone apex example.jp.");
        assertThat(problems(spec("@", "A", null, "192.0.2.1"))).isEmpty();
    }

    @Test
    void longNamesAndLabelsAreRefused() {
        String label = "a".repeat(64);
        assertThat(problems(spec(label, "A", null, "192.0.2.1")))
                .singleElement().asString().contains("a label of 64 characters");
        String longName = ("a".repeat(60) + ".").repeat(4) + "example.jp.";
        assertThat(problems(spec(longName, "A", null, "192.0.2.1")))
                .singleElement().asString().contains("a domain name has at most 253");
    }

    @Test
    void aTxtValueOver255OctetsIsRefusedAtItsIndex() {
        assertThat(problems(spec("t", "TXT", null, "ok", "é".repeat(128))))
                .containsExactly("/spec/values/1: is 256 octets; a TXT string holds at most 255");
        assertThat(problems(spec("t", "TXT", null, "x".repeat(255)))).isEmpty();
    }

    @Test
    void cnameTargetsAndAaaaValuesAreChecked() {
        assertThat(problems(spec("c", "CNAME", null, "not a name"))).singleElement().asString()
                .startsWith("/spec/values/0: 'not a name' is not a domain name");
        assertThat(problems(spec("v6", "AAAA", null, "2001:db8::1", "1:2"))).containsExactly(
                "/spec/values/1: '1:2' is not an IPv6 address");
    }

    @Test
    void valuesAreWrittenAsTheProviderReadsThem() {
        assertThat(RecordValues.presentation("AAAA", List.of("2001:DB8:0:0::1"))).containsExactly("2001:db8::1");
        assertThat(RecordValues.presentation("CNAME", List.of("Dc-A.Example.JP"))).containsExactly("dc-a.example.jp.");
        assertThat(RecordValues.presentation("TXT", List.of("say \"hi\" \\ é")))
                .containsExactly("\"say \\\"hi\\\" \\\\ \\195\\169\"");
    }
}
