package io.converge.dns.powerdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.converge.dns.Change;
import io.converge.dns.RecordSet;
import io.converge.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Rrsets}: PowerDNS's zone JSON both ways, and the order of a PATCH. */
class RrsetsTest {
    static final String ZONE = """
            {"name": "example.jp.", "kind": "Native", "rrsets": [
              {"name": "WWW.example.jp.", "type": "A", "ttl": 60, "comments": [], "records": [
                {"content": "192.0.2.2", "disabled": false}, {"content": "192.0.2.1", "disabled": false}]},
              {"name": "www.example.jp.", "type": "TXT", "ttl": 300, "comments": [], "records": [
                {"content": "\\"hello world\\" \\"two\\"", "disabled": false}]},
              {"name": "www.example.jp.", "type": "AAAA", "ttl": 60, "records": [
                {"content": "2001:db8::1", "disabled": true}]},
              {"name": "svc.example.jp.", "type": "TXT", "ttl": 60, "records": [
                {"content": "\\"a\\"", "disabled": false}, {"content": "\\"b\\"", "disabled": true}]},
              {"name": "svc.example.jp.", "type": "CNAME", "ttl": 30, "records": [
                {"content": "dc-a.example.jp.", "disabled": false}]},
              {"name": "noted.example.jp.", "type": "A", "ttl": 60, "records": [],
               "comments": [{"content": "a comment only", "account": ""}]},
              {"name": "example.jp.", "type": "SOA", "ttl": 3600, "records": [
                {"content": "ns1.example.jp. hostmaster.example.jp. 1 10800 3600 604800 3600", "disabled": false}]}
            ]}
            """;

    static RecordSet set(String name, String type, long ttl, String... values) {
        return new RecordSet(name, type, ttl, List.of(values));
    }

    static List<RecordSet> parse(String json, String... names) throws IOException {
        return Rrsets.parse(json.getBytes(StandardCharsets.UTF_8), Set.of(names));
    }

    @Test
    void readsTheAskedNamesLowerCaseWithTtlAndPresentationValuesOfEnabledRecords() throws IOException {
        assertThat(parse(ZONE, "www.example.jp.", "svc.example.jp.")).containsExactlyInAnyOrder(
                set("www.example.jp.", "A", 60, "192.0.2.1", "192.0.2.2"),
                set("www.example.jp.", "TXT", 300, "\"hello world\" \"two\""),
                set("svc.example.jp.", "CNAME", 30, "dc-a.example.jp."),
                set("svc.example.jp.", "TXT", 60, "\"a\""));
    }

    @Test
    void otherNamesAndSetsWithoutEnabledRecordsAreLeftOut() throws IOException {
        assertThat(parse(ZONE, "noted.example.jp.", "absent.example.jp.")).isEmpty();
        assertThat(parse(ZONE, "example.jp.")).extracting(RecordSet::type).containsExactly("SOA");
        assertThat(parse("{\"name\": \"example.jp.\"}", "example.jp.")).isEmpty();
    }

    @Test
    void aBodyThatIsNoZoneDocumentIsRefused() {
        assertThatThrownBy(() -> parse("[1]", "a.example.jp.")).isInstanceOf(IOException.class)
                .hasMessageContaining("not a zone document: [1]");
        assertThatThrownBy(() -> parse("Not Found", "a.example.jp.")).isInstanceOf(IOException.class);
    }

    @Test
    void aPatchReplacesWholeSetsAndDeletesByNameAndType() throws IOException {
        RecordSet a = set("www.example.jp.", "A", 60, "192.0.2.1", "192.0.2.2");
        RecordSet txt = set("_converge.www.example.jp.", "TXT", 60, "\"converge owner=c1\"");
        JsonNode body = patch(new Change(null, a.withTtl(120)), new Change(txt, null));
        assertThat(body).isEqualTo(Json.MAPPER.readTree("""
                {"rrsets": [
                  {"name": "_converge.www.example.jp.", "type": "TXT", "changetype": "DELETE"},
                  {"name": "www.example.jp.", "type": "A", "ttl": 120, "changetype": "REPLACE", "records": [
                    {"content": "192.0.2.1", "disabled": false}, {"content": "192.0.2.2", "disabled": false}]}
                ]}"""));
    }

    @Test
    void everyDeleteComesBeforeAnyReplaceEachInTheGivenOrder() throws IOException {
        RecordSet a = set("svc.example.jp.", "A", 60, "192.0.2.1");
        RecordSet cname = set("svc.example.jp.", "CNAME", 60, "dc-b.example.jp.");
        RecordSet owner = set("_converge.svc.example.jp.", "TXT", 60, "\"converge owner=c1\"");
        RecordSet other = set("old.example.jp.", "AAAA", 60, "2001:db8::1");
        JsonNode body = patch(new Change(null, cname), new Change(a, null), new Change(null, owner),
                new Change(other, null), new Change(cname.withTtl(5), cname));
        assertThat(body.path("rrsets").findValuesAsText("changetype"))
                .containsExactly("DELETE", "DELETE", "REPLACE", "REPLACE", "REPLACE");
        assertThat(body.path("rrsets").findValuesAsText("name")).containsExactly("svc.example.jp.",
                "old.example.jp.", "svc.example.jp.", "_converge.svc.example.jp.", "svc.example.jp.");
    }

    @Test
    void theErrorIsPowerDnsOwnWordsOrTheBody() {
        assertThat(Rrsets.error(bytes("{\"error\": \"RRset a.example.jp. IN CNAME: Conflicts with pre-existing "
                + "RRset\"}"))).isEqualTo("RRset a.example.jp. IN CNAME: Conflicts with pre-existing RRset");
        assertThat(Rrsets.error(bytes("Not Found"))).isEqualTo("Not Found");
        assertThat(Rrsets.error(bytes(""))).isEmpty();
    }

    static JsonNode patch(Change... changes) throws IOException {
        return Json.MAPPER.readTree(Rrsets.patch(List.of(changes)));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
