package io.converge.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.converge.kernel.CatalogInstance;
import io.converge.kernel.KeySink;
import io.converge.kernel.NodeIdentity;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.Result;
import io.converge.kernel.RoomContext;
import io.converge.kernel.Trigger;
import io.converge.kernel.fakes.FakeCatalog;
import io.converge.kernel.fakes.FakeDesiredState;
import io.converge.kernel.fakes.FakeStatusStore;
import io.converge.model.DocumentValidator;
import io.converge.model.Kind;
import io.converge.model.Status;
import io.converge.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DnsRecordRoomTest {
    private static final String ZONE = "example.jp.";
    private final FakeDesiredState desired = new FakeDesiredState();
    private final FakeStatusStore statuses = new FakeStatusStore();
    private final FakeCatalog catalog = new FakeCatalog();
    private final FakeDnsProvider dns = new FakeDnsProvider();
    private final List<ResourceKey> enqueued = new ArrayList<>();
    private final DnsRecordRoom room;
    private long generation = 10;
    private boolean leading = true;

    DnsRecordRoomTest() {
        KeySink sink = new KeySink() {
            @Override
            public void enqueue(ResourceKey key, Trigger trigger) {
                enqueued.add(key);
            }

            @Override
            public void resync(Kind kind) {
            }
        };
        RoomContext context = new RoomContext(new NodeIdentity("leader-1", "10.0.0.1", Map.of()), "converge",
                desired, statuses, new DocumentValidator(), null, () -> leading, catalog, sink, Duration.ofSeconds(11),
                new TestClock());
        room = new DnsRecordRoom(context, dns, new Zones(List.of(ZONE)), "c1", "dc-{site}.{zone}");
    }

    private void put(String name, String spec) {
        String doc = "{\"apiVersion\":\"converge/v1\",\"kind\":\"DnsRecord\",\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":" + spec + "}";
        desired.put(Kind.DNS_RECORD, name, doc.getBytes(StandardCharsets.UTF_8), ++generation);
    }

    private Result pass(String name) throws Exception {
        return room.reconciler().reconcile(name);
    }

    private Status status(String name) {
        return statuses.read(Kind.DNS_RECORD, name).orElseThrow();
    }

    private void instance(String service, String node, String site, CatalogInstance.Health health) {
        catalog.add(new CatalogInstance(service, service + "-" + node, node, Map.of("site", site), Map.of(),
                "10.0.0.2", 80, List.of(), Map.of(), health));
    }

    @Test
    void aRecordWithValuesIsPublishedOnceAndItsStatusSaysSo() throws Exception {
        put("www", "{\"type\":\"A\",\"values\":[\"192.0.2.2\",\"192.0.2.1\"]}");
        assertThat(pass("www").kind()).isEqualTo(Result.Kind.DONE);
        assertThat(dns.get("www.example.jp.", "A")).hasValueSatisfying(s ->
                assertThat(s.values()).containsExactly("192.0.2.1", "192.0.2.2"));
        assertThat(dns.get("_converge.www.example.jp.", "TXT")).isPresent();
        assertThat(status("www").phase()).isEqualTo("Running");
        assertThat(status("www").dns().values()).containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(status("www").dns().changedAt()).isNotNull();
        pass("www");
        assertThat(dns.transactions).hasSize(1);
    }

    @Test
    void aServiceFollowingRecordMovesWithTheSiteAndGoesWhenNothingPasses() throws Exception {
        put("app", "{\"type\":\"CNAME\",\"service\":\"app\"}");
        instance("app", "n1", "tokyo", CatalogInstance.Health.PASSING);
        pass("app");
        assertThat(dns.get("app.example.jp.", "CNAME").orElseThrow().values()).containsExactly("dc-tokyo.example.jp.");
        catalog.clear("app");
        instance("app", "n2", "osaka", CatalogInstance.Health.PASSING);
        pass("app");
        assertThat(dns.get("app.example.jp.", "CNAME").orElseThrow().values()).containsExactly("dc-osaka.example.jp.");
        catalog.clear("app");
        instance("app", "n2", "osaka", CatalogInstance.Health.CRITICAL);
        pass("app");
        assertThat(dns.get("app.example.jp.", "CNAME")).isEmpty();
        assertThat(dns.get("_converge.app.example.jp.", "TXT")).isEmpty();
        assertThat(status("app").phase()).isEqualTo("Pending");
        assertThat(status("app").message()).contains("no instance of app passes");
    }

    @Test
    void withSeveralSitesThePublishedOneStays() throws Exception {
        put("app", "{\"type\":\"CNAME\",\"service\":\"app\"}");
        instance("app", "n2", "osaka", CatalogInstance.Health.PASSING);
        pass("app");
        instance("app", "n1", "aomori", CatalogInstance.Health.PASSING);
        pass("app");
        assertThat(dns.get("app.example.jp.", "CNAME").orElseThrow().values()).containsExactly("dc-osaka.example.jp.");
    }

    @Test
    void theLoserOfANameIsLookedAtAgainWhenTheHolderLetsItGo() throws Exception {
        put("first", "{\"name\":\"shared\",\"type\":\"A\",\"values\":[\"192.0.2.1\"]}");
        put("second", "{\"name\":\"shared\",\"type\":\"A\",\"values\":[\"192.0.2.2\"]}");
        pass("first");
        pass("second");
        assertThat(status("second").phase()).isEqualTo("Failed");
        assertThat(status("second").condition("Conflict").orElseThrow().message()).contains("dnsrecords/first");
        assertThat(dns.get("shared.example.jp.", "A").orElseThrow().values()).containsExactly("192.0.2.1");
        desired.delete(Kind.DNS_RECORD, "first");
        pass("first");
        assertThat(statuses.read(Kind.DNS_RECORD, "first")).isEmpty();
        assertThat(enqueued).contains(new ResourceKey(Kind.DNS_RECORD, "second"));
        pass("second");
        assertThat(dns.get("shared.example.jp.", "A").orElseThrow().values()).containsExactly("192.0.2.2");
    }

    @Test
    void anInvalidDocumentKeepsTheLastValidRecord() throws Exception {
        put("www", "{\"type\":\"A\",\"values\":[\"192.0.2.1\"]}");
        pass("www");
        put("www", "{\"name\":\"www.example.org.\",\"type\":\"A\",\"values\":[\"192.0.2.9\"]}");
        pass("www");
        assertThat(status("www").condition("Valid").orElseThrow().message()).contains("/spec/name");
        assertThat(dns.get("www.example.jp.", "A").orElseThrow().values()).containsExactly("192.0.2.1");
        assertThat(dns.transactions).hasSize(1);
    }

    @Test
    void aChangeBetweenReadAndUpdateIsReadAgainNotOverwritten() throws Exception {
        put("www", "{\"type\":\"A\",\"values\":[\"192.0.2.1\"]}");
        dns.beforeNextApply = () -> dns.put(new RecordSet("www.example.jp.", "A", 300, List.of("203.0.113.5")));
        pass("www");
        assertThat(dns.get("www.example.jp.", "A").orElseThrow().values()).containsExactly("203.0.113.5");
        assertThat(status("www").condition("Conflict").orElseThrow().status()).isEqualTo("True");
    }

    @Test
    void anImplicitRecordFollowsAnExportedServiceAndLeavesWithIt() throws Exception {
        catalog.add(new CatalogInstance("shop", "shop-n1", "n1", Map.of("site", "tokyo"), Map.of(), "10.0.0.3", 80,
                List.of("export"), Map.of("dns-name", "shop"), CatalogInstance.Health.PASSING));
        pass("consul:shop");
        assertThat(dns.get("shop.example.jp.", "CNAME").orElseThrow().values()).containsExactly("dc-tokyo.example.jp.");
        catalog.clear("shop");
        pass("consul:shop");
        assertThat(dns.get("shop.example.jp.", "CNAME")).isEmpty();
        assertThat(dns.zone).isEmpty();
    }

    @Test
    void theLeaderFindsRecordsWhoseResourceLeftNoTraceAndRemovesThem() throws Exception {
        RecordSet orphan = new RecordSet("old.example.jp.", "CNAME", 60, List.of("dc-a.example.jp."));
        dns.put(orphan);
        dns.put(new RecordSet("_converge.old.example.jp.", "TXT", 60, List.of(new Ownership.Entry("c1",
                "dnsrecords/consul:old", "CNAME", Ownership.sum(orphan)).text(), "\"a note\"")));
        RecordSet foreign = new RecordSet("other.example.jp.", "A", 60, List.of("192.0.2.7"));
        dns.put(foreign);
        leading = false;
        assertThat(room.owned()).isEmpty();
        leading = true;
        assertThat(room.owned()).containsExactly("consul:old");
        pass("consul:old");
        assertThat(dns.get("old.example.jp.", "CNAME")).isEmpty();
        assertThat(dns.get("_converge.old.example.jp.", "TXT").orElseThrow().values()).containsExactly("\"a note\"");
        assertThat(dns.get("other.example.jp.", "A")).contains(foreign);
    }

    @Test
    void aNodeDeposedBeforeItsWriteWritesNeitherRecordNorStatus() throws Exception {
        put("www", "{\"type\":\"A\",\"values\":[\"192.0.2.1\"]}");
        leading = false;
        assertThat(pass("www").kind()).isEqualTo(Result.Kind.DONE);
        assertThat(dns.zone).isEmpty();
        assertThat(statuses.read(Kind.DNS_RECORD, "www")).isEmpty();
        leading = true;
        pass("www");
        assertThat(dns.get("www.example.jp.", "A")).isPresent();
    }

    @Test
    void anAddressRecordFollowingAServiceHoldsTheWanAddressOfEveryNodeWhereItPasses() throws Exception {
        put("api", "{\"type\":\"A\",\"service\":\"api\"}");
        put("api6", "{\"type\":\"AAAA\",\"service\":\"api\"}");
        catalog.add(new CatalogInstance("api", "api-n1", "n1", Map.of("wan-address", "198.51.100.1"),
                Map.of("wan", "127.0.0.1"), "10.0.0.1", 80, List.of(), Map.of(), CatalogInstance.Health.PASSING));
        catalog.add(new CatalogInstance("api", "api-n2", "n2", Map.of(), Map.of("wan", "203.0.113.2",
                "wan_ipv6", "2001:DB8:0:0::2"), "10.0.0.2", 80, List.of(), Map.of(), CatalogInstance.Health.PASSING));
        catalog.add(new CatalogInstance("api", "api-n3", "n3", Map.of(), Map.of("wan", "127.0.0.1"), "10.0.0.3", 80,
                List.of(), Map.of(), CatalogInstance.Health.PASSING));
        catalog.add(new CatalogInstance("api", "api-n4", "n4", Map.of("wan-address", "192.0.2.4"), Map.of(),
                "10.0.0.4", 80, List.of(), Map.of(), CatalogInstance.Health.CRITICAL));
        pass("api");
        pass("api6");
        assertThat(dns.get("api.example.jp.", "A").orElseThrow().values()).containsExactly("198.51.100.1",
                "203.0.113.2");
        assertThat(dns.get("api6.example.jp.", "AAAA").orElseThrow().values()).containsExactly("2001:db8::2");
        catalog.clear("api");
        catalog.add(new CatalogInstance("api", "api-n3", "n3", Map.of(), Map.of("wan", "127.0.0.1"), "10.0.0.3", 80,
                List.of(), Map.of(), CatalogInstance.Health.PASSING));
        pass("api");
        assertThat(dns.get("api.example.jp.", "A")).isEmpty();
        assertThat(status("api").message()).contains("(n3) have no IPv4 WAN address");
    }
}
