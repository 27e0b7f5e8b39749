package io.converge.dns.powerdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.converge.dns.Change;
import io.converge.dns.DnsException;
import io.converge.dns.RecordSet;
import io.converge.it.PowerDnsRig;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PowerDnsProvider} against a real PowerDNS 4.7 ({@link PowerDnsRig}), answers checked with {@code dig};
 * each test has its own server. Records of the operator's own (made through the API by the test) sit in the zone
 * and must come out of every test byte for byte as they went in.
 */
class PowerDnsProviderIT {
    static final String ZONE = "example.jp.";
    static final String SVC = "svc.example.jp.";
    static final String OWNER = "_converge.svc.example.jp.";
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final List<String> FOREIGN = List.of("foreign.example.jp.", "hidden.example.jp.",
            "mail.example.jp.");

    PowerDnsRig rig;
    PowerDnsProvider dns;
    List<String> foreignBefore;

    @BeforeEach
    void start() throws Exception {
        rig = PowerDnsRig.start();
        rig.createZone(ZONE);
        HttpResponse<String> r = rig.patch(ZONE, """
                [{"name": "foreign.example.jp.", "type": "A", "ttl": 120, "changetype": "REPLACE", "records": [
                   {"content": "198.51.100.7", "disabled": false}, {"content": "198.51.100.8", "disabled": true}],
                  "comments": [{"content": "the operator's own", "account": "ops"}]},
                 {"name": "foreign.example.jp.", "type": "TXT", "ttl": 120, "changetype": "REPLACE", "records": [
                   {"content": "\\"v=spf1 -all\\"", "disabled": false}]},
                 {"name": "hidden.example.jp.", "type": "A", "ttl": 60, "changetype": "REPLACE", "records": [
                   {"content": "198.51.100.9", "disabled": true}]},
                 {"name": "mail.example.jp.", "type": "MX", "ttl": 300, "changetype": "REPLACE", "records": [
                   {"content": "10 mx.example.net.", "disabled": false}]}]""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        foreignBefore = foreign();
        dns = new PowerDnsProvider(rig.api(), "localhost", PowerDnsRig.API_KEY, TIMEOUT);
    }

    @AfterEach
    void foreignRecordsUntouchedAndStop() throws Exception {
        try {
            if (dns.problem().isEmpty()) {
                assertThat(foreign()).isEqualTo(foreignBefore);
                assertThat(rig.dig("foreign.example.jp.", "A")).containsExactly(
                        "foreign.example.jp. 120 IN A 198.51.100.7");
            }
        } finally {
            rig.close();
        }
    }

    List<String> foreign() throws Exception {
        List<String> sets = new ArrayList<>();
        for (String name : FOREIGN) {
            sets.add(rig.rrsets(ZONE, name));
        }
        return sets;
    }

    static RecordSet set(String name, String type, long ttl, String... values) {
        return new RecordSet(name, type, ttl, List.of(values));
    }

    static RecordSet cname(String target, long ttl) {
        return set(SVC, "CNAME", ttl, target);
    }

    static final RecordSet OWNER_TXT = set(OWNER, "TXT", 60, "\"converge owner=c1\" \"resource=dnsrecords/svc\"");

    @Test
    void aCnameAndItsOwnerTxtAddedInOneApplyAreReadAndServed() throws Exception {
        assertThat(dns.read(ZONE, List.of(SVC, OWNER))).isEmpty();

        dns.apply(ZONE, List.of(new Change(null, cname("dc-a.example.jp.", 60)), new Change(null, OWNER_TXT)));

        assertThat(dns.read(ZONE, List.of(OWNER, "SVC.example.jp.")))
                .containsExactly(OWNER_TXT, cname("dc-a.example.jp.", 60));
        assertThat(rig.dig(SVC, "CNAME")).containsExactly("svc.example.jp. 60 IN CNAME dc-a.example.jp.");
        assertThat(rig.dig(OWNER, "TXT")).containsExactly(
                "_converge.svc.example.jp. 60 IN TXT \"converge owner=c1\" \"resource=dnsrecords/svc\"");
    }

    @Test
    void theCacheFlushTheProviderSendsAfterAPatchIsAnsweredByPowerDns() throws Exception {
        PowerDnsApi api = new PowerDnsApi(rig.api(), "localhost", PowerDnsRig.API_KEY, TIMEOUT);
        PowerDnsApi.Answer answer = api.send("PUT", api.server() + "/cache/flush?domain=svc.example.jp.", null, TIMEOUT);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body())).contains("Flushed cache");
    }

    @Test
    void aListingHoldsEverySetOfTheZone() throws Exception {
        dns.apply(ZONE, List.of(new Change(null, cname("dc-a.example.jp.", 60)), new Change(null, OWNER_TXT)));

        assertThat(dns.list(ZONE)).contains(cname("dc-a.example.jp.", 60), OWNER_TXT)
                .anyMatch(s -> s.name().equals("foreign.example.jp."));
    }

    @Test
    void aCnameTargetAndTtlChangeByReplace() throws Exception {
        dns.apply(ZONE, List.of(new Change(null, cname("dc-a.example.jp.", 60))));
        assertThat(rig.dig(SVC, "CNAME")).containsExactly("svc.example.jp. 60 IN CNAME dc-a.example.jp.");

        dns.apply(ZONE, List.of(new Change(cname("dc-a.example.jp.", 60), cname("dc-b.example.jp.", 30))));

        assertThat(dns.read(ZONE, List.of(SVC))).containsExactly(cname("dc-b.example.jp.", 30));
        assertThat(rig.dig(SVC, "CNAME")).containsExactly("svc.example.jp. 30 IN CNAME dc-b.example.jp.");
    }

    @Test
    void anASetIsReplacedByACnameInOneApplyTheOppositeOrderIsRefusedByPowerDns() throws Exception {
        RecordSet a = set(SVC, "A", 60, "192.0.2.1", "192.0.2.2");
        dns.apply(ZONE, List.of(new Change(null, a)));
        assertThat(rig.dig(SVC, "A")).containsExactlyInAnyOrder("svc.example.jp. 60 IN A 192.0.2.1",
                "svc.example.jp. 60 IN A 192.0.2.2");

        HttpResponse<String> replaceFirst = rig.patch(ZONE, """
                [{"name": "svc.example.jp.", "type": "CNAME", "ttl": 60, "changetype": "REPLACE",
                  "records": [{"content": "dc-a.example.jp.", "disabled": false}]},
                 {"name": "svc.example.jp.", "type": "A", "changetype": "DELETE"}]""");
        assertThat(replaceFirst.statusCode()).isEqualTo(422);
        assertThat(replaceFirst.body()).contains("RRset svc.example.jp. IN CNAME: Conflicts with pre-existing RRset");
        assertThat(dns.read(ZONE, List.of(SVC))).containsExactly(a);

        dns.apply(ZONE, List.of(new Change(null, cname("dc-a.example.jp.", 60)), new Change(a, null)));

        assertThat(dns.read(ZONE, List.of(SVC))).containsExactly(cname("dc-a.example.jp.", 60));
        assertThat(rig.dig(SVC, "A")).containsExactly("svc.example.jp. 60 IN CNAME dc-a.example.jp.");
    }

    @Test
    void deletedSetsAreGoneFromTheApiAndTheAnswers() throws Exception {
        dns.apply(ZONE, List.of(new Change(null, cname("dc-a.example.jp.", 60)), new Change(null, OWNER_TXT)));

        dns.apply(ZONE, List.of(new Change(cname("dc-a.example.jp.", 60), null), new Change(OWNER_TXT, null)));

        assertThat(dns.read(ZONE, List.of(SVC, OWNER))).isEmpty();
        assertThat(rig.dig(SVC, "CNAME")).isEmpty();
        assertThat(rig.dig(OWNER, "TXT")).isEmpty();
    }

    @Test
    void manyNamesReadInOneRequestGiveWhatOneRequestPerNameGivesDisabledRecordsLeftOut() throws Exception {
        List<String> names = List.of(SVC, OWNER, "foreign.example.jp.", "hidden.example.jp.", "mail.example.jp.",
                "example.jp.", "absent.example.jp.");
        dns.apply(ZONE, List.of(new Change(null, cname("dc-a.example.jp.", 60)), new Change(null, OWNER_TXT)));
        PowerDnsProvider whole = new PowerDnsProvider(rig.api(), "localhost", PowerDnsRig.API_KEY, TIMEOUT, 1);
        PowerDnsProvider each = new PowerDnsProvider(rig.api(), "localhost", PowerDnsRig.API_KEY, TIMEOUT, 100);

        List<RecordSet> read = whole.read(ZONE, names);

        assertThat(read).isEqualTo(each.read(ZONE, names)).contains(
                set("foreign.example.jp.", "A", 120, "198.51.100.7"),
                set("foreign.example.jp.", "TXT", 120, "\"v=spf1 -all\""),
                set("mail.example.jp.", "MX", 300, "10 mx.example.net."), OWNER_TXT, cname("dc-a.example.jp.", 60));
        assertThat(read).extracting(RecordSet::type).contains("SOA", "NS").hasSize(7);
    }

    @Test
    void aZoneThePowerDnsDoesNotHoldOrDataItRefusesIsADnsExceptionInItsWords() throws Exception {
        assertThatThrownBy(() -> dns.read("nosuch.jp.", List.of("www.nosuch.jp.")))
                .isInstanceOf(DnsException.class).hasMessage("read nosuch.jp.: PowerDNS server localhost at "
                        + rig.api() + " has no zone nosuch.jp. (HTTP 404: Not Found)");
        assertThatThrownBy(() -> dns.apply("nosuch.jp.", List.of(new Change(null, set("www.nosuch.jp.", "A", 60,
                "192.0.2.1"))))).isInstanceOf(DnsException.class)
                .hasMessageStartingWith("apply nosuch.jp.: ").hasMessageContaining("has no zone nosuch.jp.");
        assertThatThrownBy(() -> dns.apply(ZONE, List.of(new Change(null, OWNER_TXT),
                new Change(null, set(SVC, "A", 60, "192.0.2")))))
                .isInstanceOf(DnsException.class).hasMessage("apply example.jp.: PowerDNS refused (HTTP 422): "
                        + "Record svc.example.jp./A '192.0.2': Parsing record content (try 'pdnsutil check-zone'): "
                        + "unable to parse IP address, not enough dots");
        assertThat(dns.read(ZONE, List.of(SVC, OWNER))).as("all or nothing").isEmpty();
        assertThatThrownBy(() -> dns.apply(ZONE, List.of(new Change(null, set("www.other.jp.", "A", 60,
                "192.0.2.1"))))).hasMessageContaining("RRset www.other.jp. IN A: Name is out of zone");
    }

    @Test
    void aWrongApiKeyOrServerIdIsRefusedAndIsAProblem() throws Exception {
        PowerDnsProvider wrongKey = new PowerDnsProvider(rig.api(), "localhost", "not-the-key", TIMEOUT);
        assertThatThrownBy(() -> wrongKey.read(ZONE, List.of(SVC))).isInstanceOf(DnsException.class)
                .hasMessage("read example.jp.: PowerDNS at " + rig.api()
                        + " refused the API key (HTTP 401: Unauthorized)");
        assertThatThrownBy(() -> wrongKey.apply(ZONE, List.of(new Change(null, OWNER_TXT))))
                .hasMessageContaining("refused the API key");
        assertThat(wrongKey.problem()).hasValue("PowerDNS at " + rig.api()
                + " refused the API key (HTTP 401: Unauthorized)");
        PowerDnsProvider wrongServer = new PowerDnsProvider(rig.api(), "other", PowerDnsRig.API_KEY, TIMEOUT);
        assertThat(wrongServer.problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("PowerDNS at " + rig.api() + " has no server other (HTTP 404"));
        assertThat(dns.problem()).isEmpty();
        assertThat(dns.read(ZONE, List.of(SVC, OWNER))).isEmpty();
    }

    @Test
    void powerDnsDownIsAProblemAndEveryCallFails() throws Exception {
        assertThat(dns.problem()).isEmpty();

        rig.stop();

        assertThat(dns.problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("the PowerDNS API at " + rig.api() + " cannot be reached: ConnectException"));
        assertThatThrownBy(() -> dns.apply(ZONE, List.of(new Change(null, OWNER_TXT))))
                .isInstanceOf(DnsException.class).hasMessageStartingWith("apply example.jp.: the PowerDNS API at "
                        + rig.api() + " cannot be reached");
        assertThatThrownBy(() -> dns.read(ZONE, List.of(SVC))).isInstanceOf(DnsException.class);
    }
}
