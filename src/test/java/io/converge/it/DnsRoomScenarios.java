package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the DnsRecord room promises, asked of any provider: records with values, CNAMEs that follow a service's
 * health, foreign records and hand edits left alone, bad input refused without touching the zone, implicit records
 * of exported services. Each test works on names of its own.
 */
abstract class DnsRoomScenarios extends DnsRoomItBase {

    @Test
    void valuesArePublishedWithTheirOwnershipChangedAndDeletedWithItAndTheStatus() throws Exception {
        record("values1", "{\"type\":\"A\",\"values\":[\"192.0.2.1\",\"192.0.2.2\"]}");
        record("values1t", "{\"type\":\"TXT\",\"ttl\":120,\"values\":[\"hello world\"]}");
        awaitAnswer("values1.example.jp.", "A", "192.0.2.1", "192.0.2.2");
        awaitAnswer("values1t.example.jp.", "TXT", "\"hello world\"");
        assertThat(answer("_converge.values1.example.jp.", "TXT")).singleElement().asString()
                .startsWith(ownership("values1", "A"));
        assertThat(ttl("values1.example.jp.", "A")).isEqualTo(60);
        assertThat(ttl("values1t.example.jp.", "TXT")).isEqualTo(120);
        JsonNode status = awaitStatus("values1", s -> assertThat(s.path("phase").asText()).isEqualTo("Running"));
        assertThat(status.path("dns").path("provider").asText()).isEqualTo(providerKind());
        assertThat(status.path("dns").path("values").toString()).isEqualTo("[\"192.0.2.1\",\"192.0.2.2\"]");

        record("values1", "{\"type\":\"A\",\"ttl\":300,\"values\":[\"192.0.2.3\"]}");
        awaitAnswer("values1.example.jp.", "A", "192.0.2.3");
        assertThat(ttl("values1.example.jp.", "A")).isEqualTo(300);
        assertThat(answer("_converge.values1.example.jp.", "TXT")).singleElement().asString()
                .startsWith(ownership("values1", "A"));

        deleteRecord("values1");
        awaitAnswer("values1.example.jp.", "A");
        awaitAnswer("_converge.values1.example.jp.", "TXT");
        await().atMost(EVENTUALLY).until(() -> status("values1").isEmpty());
        assertThat(answer("values1t.example.jp.", "TXT")).containsExactly("\"hello world\"");
        assertThat(zoneRecords()).noneMatch(r -> r.contains("values1.example.jp."));
    }

    @Test
    void aServiceFollowingCnameGoesWhenTheCheckFailsAndComesBackWhenItPasses() throws Exception {
        String check = service("follow2svc", "");
        record("follow2", "{\"type\":\"CNAME\",\"service\":\"follow2svc\"}");
        awaitAnswer("follow2.example.jp.", "CNAME", SITE_TARGET);

        consul.agentPut("/v1/agent/check/fail/" + check);
        awaitAnswer("follow2.example.jp.", "CNAME");
        JsonNode pending = awaitStatus("follow2", s -> assertThat(s.path("phase").asText()).isEqualTo("Pending"));
        assertThat(pending.path("message").asText()).contains("no instance of follow2svc passes");
        assertThat(answer("_converge.follow2.example.jp.", "TXT")).isEmpty();

        consul.agentPut("/v1/agent/check/pass/" + check);
        awaitAnswer("follow2.example.jp.", "CNAME", SITE_TARGET);
        awaitStatus("follow2", s -> assertThat(s.path("phase").asText()).isEqualTo("Running"));
        assertThat(answer("_converge.follow2.example.jp.", "TXT")).singleElement().asString()
                .startsWith(ownership("follow2", "CNAME"));
    }

    @Test
    void aForeignRecordIsAConflictLeftAloneAndTheNameIsTakenOnceItIsGone() throws Exception {
        byHand("foreign3.example.jp.", "A", 300, "192.0.2.99");
        List<String> zone = zoneRecords();
        String spec = "{\"type\":\"A\",\"values\":[\"192.0.2.3\"]}";
        record("foreign3", spec);

        JsonNode conflict = awaitStatus("foreign3", s -> assertThat(condition(s, "Conflict")).startsWith("True"));
        assertThat(conflict.path("phase").asText()).isEqualTo("Failed");
        assertThat(condition(conflict, "Conflict")).contains("foreign3.example.jp. holds A 192.0.2.99");
        assertThat(zoneRecords()).as("the zone, the foreign record included, byte for byte").isEqualTo(zone);

        deleteByHand("foreign3.example.jp.", "A");
        touch("foreign3", spec);
        awaitAnswer("foreign3.example.jp.", "A", "192.0.2.3");
        JsonNode published = awaitStatus("foreign3", s -> assertThat(condition(s, "Conflict")).startsWith("False"));
        assertThat(published.path("phase").asText()).isEqualTo("Running");
    }

    @Test
    void aRecordEditedByHandIsAConflictNotOverwrittenAndDeletedByHandIsRecreated() throws Exception {
        String spec = "{\"type\":\"A\",\"values\":[\"192.0.2.4\"]}";
        record("edited4", spec);
        awaitAnswer("edited4.example.jp.", "A", "192.0.2.4");

        byHand("edited4.example.jp.", "A", 60, "192.0.2.40");
        touch("edited4", spec);
        JsonNode conflict = awaitStatus("edited4", s -> assertThat(condition(s, "Conflict")).startsWith("True"));
        assertThat(condition(conflict, "Conflict")).contains("was changed outside converge (now A 192.0.2.40)");
        assertThat(answer("edited4.example.jp.", "A")).containsExactly("192.0.2.40");

        deleteByHand("edited4.example.jp.", "A");
        touch("edited4", spec);
        awaitAnswer("edited4.example.jp.", "A", "192.0.2.4");
        awaitStatus("edited4", s -> assertThat(condition(s, "Conflict")).startsWith("False"));
        assertThat(answer("_converge.edited4.example.jp.", "TXT")).singleElement().asString()
                .startsWith(ownership("edited4", "A"));
    }

    @Test
    void badInputIsInvalidNamingThePathWritesNothingAndKeepsTheLastValidRecord() throws Exception {
        record("ok5", "{\"type\":\"A\",\"values\":[\"192.0.2.55\"]}");
        awaitAnswer("ok5.example.jp.", "A", "192.0.2.55");
        List<String> zone = zoneRecords();

        record("out5", "{\"name\":\"out5.example.org.\",\"type\":\"A\",\"values\":[\"192.0.2.5\"]}");
        record("long5", "{\"type\":\"TXT\",\"values\":[\"" + "x".repeat(256) + "\"]}");
        record("apex5", "{\"name\":\"@\",\"type\":\"CNAME\",\"values\":[\"" + SITE_TARGET + "\"]}");
        awaitStatus("out5", s -> assertThat(condition(s, "Valid")).startsWith("False").contains("/spec/name")
                .contains("outside every configured zone"));
        awaitStatus("long5", s -> assertThat(condition(s, "Valid")).startsWith("False").contains("/spec/values/0")
                .contains("256 octets"));
        awaitStatus("apex5", s -> assertThat(condition(s, "Valid")).startsWith("False").contains("/spec/name")
                .contains("apex"));
        assertThat(zoneRecords()).as("nothing written for the invalid ones").isEqualTo(zone);
        assertThat(answer("ok5.example.jp.", "A")).containsExactly("192.0.2.55");

        record("ok5", "{\"name\":\"ok5.example.org.\",\"type\":\"A\",\"values\":[\"192.0.2.56\"]}");
        JsonNode invalid = awaitStatus("ok5", s -> assertThat(condition(s, "Valid")).startsWith("False")
                .contains("/spec/name"));
        assertThat(invalid.path("dns").path("values").toString()).isEqualTo("[\"192.0.2.55\"]");
        assertThat(answer("ok5.example.jp.", "A")).containsExactly("192.0.2.55");
        assertThat(zoneRecords()).isEqualTo(zone);
    }

    @Test
    void aRecordThatChangesTypeAndThenNameLeavesNothingBehind() throws Exception {
        record("retype7", "{\"type\":\"A\",\"values\":[\"192.0.2.7\"]}");
        awaitAnswer("retype7.example.jp.", "A", "192.0.2.7");

        record("retype7", "{\"type\":\"CNAME\",\"values\":[\"" + SITE_TARGET + "\"]}");
        awaitAnswer("retype7.example.jp.", "CNAME", SITE_TARGET);
        assertThat(answer("_converge.retype7.example.jp.", "TXT")).singleElement().asString()
                .startsWith(ownership("retype7", "CNAME"));

        record("retype7", "{\"name\":\"renamed7\",\"type\":\"CNAME\",\"values\":[\"" + SITE_TARGET + "\"]}");
        awaitAnswer("renamed7.example.jp.", "CNAME", SITE_TARGET);
        awaitAnswer("retype7.example.jp.", "CNAME");
        assertThat(zoneRecords()).noneMatch(r -> r.contains("retype7.example.jp."));
        assertThat(answer("_converge.renamed7.example.jp.", "TXT")).singleElement().asString()
                .startsWith(ownership("retype7", "CNAME"));
    }

    @Test
    void aSecondRecordForATakenNameWaitsAndIsPublishedWhenTheFirstLetsItGo() throws Exception {
        record("first8", "{\"name\":\"shared8\",\"type\":\"A\",\"values\":[\"192.0.2.8\"]}");
        awaitAnswer("shared8.example.jp.", "A", "192.0.2.8");
        record("second8", "{\"name\":\"shared8\",\"type\":\"A\",\"values\":[\"192.0.2.88\"]}");
        awaitStatus("second8", s -> assertThat(condition(s, "Conflict")).startsWith("True")
                .contains("shared8.example.jp. is held by dnsrecords/first8"));
        assertThat(answer("shared8.example.jp.", "A")).containsExactly("192.0.2.8");

        deleteRecord("first8");   // no touch of second8: the name let go wakes it
        awaitAnswer("shared8.example.jp.", "A", "192.0.2.88");
        awaitStatus("second8", s -> assertThat(s.path("phase").asText()).isEqualTo("Running"));
        assertThat(answer("_converge.shared8.example.jp.", "TXT")).singleElement().asString()
                .startsWith(ownership("second8", "A"));
    }

    @Test
    void aRecordDeletedWhileConvergeIsDownIsRemovedByTheNextLeaderAndTheOthersStay() throws Exception {
        record("down9", "{\"type\":\"A\",\"values\":[\"192.0.2.9\"]}");
        record("kept9", "{\"type\":\"A\",\"values\":[\"192.0.2.90\"]}");
        awaitAnswer("down9.example.jp.", "A", "192.0.2.9");
        awaitAnswer("kept9.example.jp.", "A", "192.0.2.90");

        converge.stop();
        deleteRecord("down9");
        restartConverge();

        awaitAnswer("down9.example.jp.", "A");
        awaitAnswer("_converge.down9.example.jp.", "TXT");
        await().atMost(EVENTUALLY).until(() -> status("down9").isEmpty());
        assertThat(answer("kept9.example.jp.", "A")).containsExactly("192.0.2.90");
        assertThat(zoneRecords()).filteredOn(r -> r.contains("kept9.example.jp.")).hasSize(2);
    }

    @Test
    void anExportedServiceWithDnsNameGetsACnameThatGoesWhenItIsDeregistered() throws Exception {
        service("implicit6svc", ",\"Tags\":[\"export\"],\"Meta\":{\"dns-name\":\"implicit6\"}");
        awaitAnswer("implicit6.example.jp.", "CNAME", SITE_TARGET);
        assertThat(answer("_converge.implicit6.example.jp.", "TXT")).singleElement().asString()
                .startsWith(ownership("consul:implicit6svc", "CNAME"));

        consul.agentPut("/v1/agent/service/deregister/implicit6svc");
        awaitAnswer("implicit6.example.jp.", "CNAME");
        awaitAnswer("_converge.implicit6.example.jp.", "TXT");
    }
}
