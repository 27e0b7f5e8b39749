package io.converge.dns.rfc2136;

import io.converge.dns.Ipv6Text;
import static org.assertj.core.api.Assertions.assertThat;

import io.converge.dns.RecordSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class RecordCodecTest {

    private static Record rr(String name, int type, long ttl, String value) throws Exception {
        return Record.fromString(Name.fromString(name), type, DClass.IN, ttl, value, Name.root);
    }

    @Test
    void recordsAreGroupedBySetInConvergesPresentationFormat() throws Exception {
        List<Record> records = List.of(
                rr("Svc.Example.JP.", Type.CNAME, 300, "DC-A.Example.JP."),
                rr("v6.example.jp.", Type.AAAA, 60, "2001:0DB8:0:0:0:0:0:0001"),
                rr("v6.example.jp.", Type.AAAA, 60, "2001:db8::2"),
                rr("v6.example.jp.", Type.A, 120, "192.0.2.7"),
                rr("_converge.svc.example.jp.", Type.TXT, 300, "\"converge owner=c1\" \"resource=dns/web\""),
                rr("v6.example.jp.", Type.MX, 60, "10 mx.example.jp."),
                rr("other.example.jp.", Type.A, 60, "192.0.2.8"));

        List<RecordSet> sets = RecordCodec.sets(records,
                Set.of("svc.example.jp.", "v6.example.jp.", "_converge.svc.example.jp."));

        assertThat(sets).containsExactly(
                new RecordSet("_converge.svc.example.jp.", "TXT", 300,
                        List.of("\"converge owner=c1\" \"resource=dns/web\"")),
                new RecordSet("svc.example.jp.", "CNAME", 300, List.of("dc-a.example.jp.")),
                new RecordSet("v6.example.jp.", "A", 120, List.of("192.0.2.7")),
                new RecordSet("v6.example.jp.", "AAAA", 60, List.of("2001:db8::1", "2001:db8::2")));
    }

    @Test
    void aSetWithRecordsOfDifferentTtlsHasTheSmallest() throws Exception {
        List<RecordSet> sets = RecordCodec.sets(List.of(rr("a.example.jp.", Type.A, 300, "192.0.2.1"),
                rr("a.example.jp.", Type.A, 30, "192.0.2.2")), Set.of("a.example.jp."));

        assertThat(sets).extracting(RecordSet::ttl).containsExactly(30L);
    }

    @Test
    void ipv6AddressesAreWrittenInTheirShortForm() {
        assertThat(Ipv6Text.of(bytes(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1))).isEqualTo("2001:db8::1");
        assertThat(Ipv6Text.of(bytes(0, 0, 0, 0, 0, 0, 0, 1))).isEqualTo("::1");
        assertThat(Ipv6Text.of(bytes(0, 0, 0, 0, 0, 0, 0, 0))).isEqualTo("::");
        assertThat(Ipv6Text.of(bytes(0xfe80, 0, 0, 0, 0, 0, 0, 0))).isEqualTo("fe80::");
        assertThat(Ipv6Text.of(bytes(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1))).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(Ipv6Text.of(bytes(0x2001, 0, 0, 1, 0, 0, 0, 1))).isEqualTo("2001:0:0:1::1");
        assertThat(Ipv6Text.of(bytes(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Ipv6Text.of(bytes(0x2001, 0xDB8, 0xABCD, 0, 0, 0, 0, 0))).isEqualTo("2001:db8:abcd::");
    }

    private static byte[] bytes(int... groups) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[2 * i] = (byte) (groups[i] >> 8);
            b[2 * i + 1] = (byte) groups[i];
        }
        return b;
    }
}
