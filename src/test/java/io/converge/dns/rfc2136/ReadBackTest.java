package io.converge.dns.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;

import io.converge.dns.Change;
import io.converge.dns.RecordSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadBackTest {
    private static final RecordSet CNAME = new RecordSet("svc.example.jp.", "CNAME", 300, List.of("dc-a.example.jp."));
    private static final RecordSet TXT = new RecordSet("svc.example.jp.", "TXT", 300, List.of("\"x\""));

    @Test
    void whatTheServerHoldsAsAskedIsNoDifference() {
        assertThat(ReadBack.differences(List.of(new Change(null, CNAME), new Change(TXT, null)), List.of(CNAME)))
                .isEmpty();
    }

    @Test
    void anAdditionTheServerDroppedIsNamed() {
        assertThat(ReadBack.differences(List.of(new Change(null, CNAME), new Change(null, TXT)), List.of(CNAME)))
                .contains("svc.example.jp. 300 TXT \"x\" was dropped by the server");
    }

    @Test
    void aSetDeletedButStillHeldOrHeldOtherwiseIsNamed() {
        assertThat(ReadBack.differences(List.of(new Change(TXT, null)), List.of(TXT)))
                .contains("svc.example.jp. TXT still holds [\"x\"]");
        assertThat(ReadBack.differences(List.of(new Change(null, CNAME)), List.of(CNAME.withTtl(60))))
                .contains("svc.example.jp. 300 CNAME dc-a.example.jp. is held as svc.example.jp. 60 CNAME dc-a.example.jp.");
    }
}
