package io.converge.routes.caddy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.converge.model.Json;
import io.converge.routes.RouteTls;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaddyTlsTest {
    static final String FOREIGN = """
            {"certificates":{"load_files":[{"certificate":"/f.crt","key":"/f.key","tags":["theirs"]}],
                             "automate":["foreign.example.jp"]},
             "automation":{"policies":[{"subjects":["foreign.example.jp"],"issuers":[{"module":"internal"}]}]},
             "session_tickets":{"disabled":true}}""";

    static CaddyTls.Part part() {
        Map<String, RouteTls> hosts = new LinkedHashMap<>();
        hosts.put("a.example.jp", RouteTls.files("/w.crt", "/w.key"));
        hosts.put("*.example.jp", RouteTls.files("/w.crt", "/w.key"));
        hosts.put("i.example.jp", RouteTls.internal());
        return CaddyTls.part(hosts);
    }

    static JsonNode tree(String json) throws Exception {
        return Json.MAPPER.readTree(json);
    }

    @Test
    void addsConvergesEntriesBesideForeignOnesAndAPolicyFirst() throws Exception {
        JsonNode merged = CaddyTls.merge(tree(FOREIGN), part());
        String id = part().loadFiles().get(0).get("@id").asText();
        assertThat(part().loadFiles()).hasSize(1);
        assertThat(merged).isEqualTo(tree("""
                {"certificates":{"load_files":[{"certificate":"/f.crt","key":"/f.key","tags":["theirs"]},
                                               {"@id":"%1$s","certificate":"/w.crt","key":"/w.key","tags":["%1$s"]}],
                                 "automate":["foreign.example.jp","i.example.jp"]},
                 "automation":{"policies":[
                   {"@id":"converge-internal","subjects":["i.example.jp"],"issuers":[{"module":"internal"}]},
                   {"subjects":["foreign.example.jp"],"issuers":[{"module":"internal"}]}]},
                 "session_tickets":{"disabled":true}}""".formatted(id)));
    }

    @Test
    void replacingAndRemovingLeaveForeignEntriesAsTheyWere() throws Exception {
        JsonNode once = CaddyTls.merge(tree(FOREIGN), part());
        assertThat(CaddyTls.merge(once, part())).isEqualTo(once);
        assertThat(CaddyTls.merge(once, new CaddyTls.Part(java.util.List.of(), java.util.List.of())))
                .isEqualTo(tree(FOREIGN));
    }

    @Test
    void addsNoEmptyContainersToAnAbsentApp() throws Exception {
        CaddyTls.Part none = new CaddyTls.Part(java.util.List.of(), java.util.List.of());
        assertThat(CaddyTls.merge(null, none)).isEqualTo(tree("{}"));
        assertThat(CaddyTls.merge(CaddyTls.merge(tree("{\"session_tickets\":{}}"), part()), none))
                .as("removing converge's entries leaves no container it made").isEqualTo(tree("{\"session_tickets\":{}}"));
        assertThat(CaddyTls.merge(tree("{\"certificates\":{\"load_files\":[]}}"), none))
                .as("a foreign empty array stays").isEqualTo(tree("{\"certificates\":{\"load_files\":[]}}"));
        assertThat(CaddyTls.merge(tree("null"), part()).get("certificates").get("automate"))
                .isEqualTo(tree("[\"i.example.jp\"]"));
    }

    @Test
    void ownPicksOnlyConvergesEntries() throws Exception {
        JsonNode merged = CaddyTls.merge(tree(FOREIGN), part());
        assertThat(CaddyTls.own(merged)).isEqualTo(CaddyTls.own(CaddyTls.merge(null, part())));
        assertThat(CaddyTls.own(tree(FOREIGN))).isEqualTo(tree("""
                {"load_files":[],"policies":[],"automate":[]}"""));
    }
}
