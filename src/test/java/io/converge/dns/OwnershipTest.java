package io.converge.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OwnershipTest {

    @Test
    void anEntryReadsBackAsWritten() {
        Ownership.Entry e = new Ownership.Entry("c1", "dnsrecords/consul:web", "CNAME", "0123456789ab");
        assertThat(Ownership.parse(e.text())).contains(e);
        assertThat(e.text()).isEqualTo("\"converge owner=c1 resource=dnsrecords/consul:web type=CNAME sum=0123456789ab\"");
    }

    @Test
    void otherTextIsNotAnEntry() {
        assertThat(Ownership.parse("\"v=spf1 -all\"")).isEmpty();
        assertThat(Ownership.parse("\"converge owner=c1\"")).isEmpty();
        assertThat(Ownership.parse("\"heritage=external-dns,external-dns/owner=default\"")).isEmpty();
    }

    @Test
    void ownershipNamesMapBothWaysAndKeepWildcardsOut() {
        assertThat(Ownership.nameFor("web.example.jp.")).isEqualTo("_converge.web.example.jp.");
        assertThat(Ownership.nameFor("*.apps.example.jp.")).isEqualTo("_converge-wildcard.apps.example.jp.");
        assertThat(Ownership.recordName("_converge.web.example.jp.")).contains("web.example.jp.");
        assertThat(Ownership.recordName("_converge-wildcard.apps.example.jp.")).contains("*.apps.example.jp.");
        assertThat(Ownership.recordName("web.example.jp.")).isEmpty();
    }

    @Test
    void theDigestCoversTtlAndValues() {
        RecordSet a = new RecordSet("a.example.jp.", "A", 60, List.of("192.0.2.1"));
        assertThat(Ownership.sum(a)).hasSize(12).isEqualTo(Ownership.sum(a));
        assertThat(Ownership.sum(a.withTtl(61))).isNotEqualTo(Ownership.sum(a));
        assertThat(Ownership.sum(new RecordSet("a.example.jp.", "A", 60, List.of("192.0.2.2"))))
                .isNotEqualTo(Ownership.sum(a));
    }

    @Test
    void ownerIdsAreTokens() {
        assertThat(Ownership.badToken("prod-tokyo")).isEmpty();
        assertThat(Ownership.badToken("has space")).isPresent();
        assertThat(Ownership.badToken("quo\"te")).isPresent();
    }
}
