package io.converge.dnat;

import static io.converge.kernel.fakes.FakeCatalog.instance;
import static org.assertj.core.api.Assertions.assertThat;

import io.converge.kernel.CatalogInstance.Health;
import io.converge.model.Condition;
import io.converge.model.NodeStatus;
import io.converge.model.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The PortForward room's decisions on fakes: what goes into the tables, and what each status says. */
class PortForwardRoomTest {
    private final RoomFixture f = new RoomFixture();

    private void web(String node, String address, Health health) {
        f.catalog.add(instance("web", node, address, 80, health, List.of(), Map.of()));
    }

    @Test
    void aForwardLeadsToThePassingInstancesOnlyAndSaysSoInStatus() throws Exception {
        web("n1", "10.1.0.2", Health.PASSING);
        web("n2", "10.2.0.2", Health.PASSING);
        web("n3", "10.3.0.2", Health.WARNING);
        web("n4", "10.4.0.2", Health.CRITICAL);
        f.put("web", "{\"service\":\"web\",\"port\":8080}");
        assertThat(f.converge("web").ok()).isTrue();
        Forward forward = f.tables().get("pf-web");
        assertThat(forward.backends()).containsExactly(new Backend("10.1.0.2", 80, false),
                new Backend("10.2.0.2", 80, true));
        assertThat(f.firewall.tables().wanAddresses()).containsExactly("192.0.2.1");
        Status s = f.status("web");
        NodeStatus n1 = s.nodes().get("n1");
        assertThat(n1.phase()).isEqualTo("Running");
        assertThat(n1.installed()).isTrue();
        assertThat(n1.backends()).containsExactly("10.1.0.2:80", "10.2.0.2:80");
        assertThat(n1.appliedAt()).isEqualTo(f.clock.instant().toString());
        assertThat(s.condition("Valid").orElseThrow().isTrue()).isTrue();
        assertThat(s.condition("Applied").orElseThrow().isTrue()).isTrue();
        assertThat(s.appliedSpec().path("port").asInt()).isEqualTo(8080);
    }

    @Test
    void targetPortOverridesTheRegisteredPortAndUdpIsCarried() throws Exception {
        web("n1", "10.1.0.2", Health.PASSING);
        f.put("dns", "{\"service\":\"web\",\"port\":53,\"targetPort\":5353,\"protocol\":\"udp\"}");
        f.converge("dns");
        assertThat(f.tables().get("pf-dns").protocol()).isEqualTo(Protocol.UDP);
        assertThat(f.tables().get("pf-dns").backends()).extracting(Backend::port).containsExactly(5353);
    }

    @Test
    void noPassingInstanceMeansNoRuleAndPending() throws Exception {
        web("n1", "10.1.0.2", Health.CRITICAL);
        f.put("web", "{\"service\":\"web\",\"port\":8080}");
        f.converge("web");
        assertThat(f.tables()).isEmpty();
        assertThat(f.status("web").phase()).isEqualTo("Pending");
        assertThat(f.status("web").nodes().get("n1").installed()).isFalse();
    }

    @Test
    void aForwardForOtherNodesLeavesNoEntryHere() throws Exception {
        web("n1", "10.1.0.2", Health.PASSING);
        f.put("a", "{\"service\":\"web\",\"port\":81,\"nodes\":[\"n2\"]}");
        f.put("b", "{\"service\":\"web\",\"port\":82,\"nodeMeta\":{\"site\":\"b\"}}");
        f.put("c", "{\"service\":\"web\",\"port\":83,\"nodes\":[\"n1\"],\"nodeMeta\":{\"site\":\"a\"}}");
        f.converge("a", "b", "c");
        assertThat(f.tables()).containsOnlyKeys("pf-c");
        assertThat(f.status("a").nodes()).isEmpty();
        assertThat(f.status("a").condition("Valid").orElseThrow().isTrue()).isTrue();
    }

    @Test
    void twoForwardsOnOnePortConflictAndTheHolderKeepsIt() throws Exception {
        web("n1", "10.1.0.2", Health.PASSING);
        f.put("zeta", "{\"service\":\"web\",\"port\":8080}");
        f.put("other", "{\"service\":\"web\",\"port\":9090}");
        f.converge("zeta", "other");
        f.put("alpha", "{\"service\":\"web\",\"port\":8080}");
        f.converge("alpha");
        assertThat(f.tables()).as("the forward in service keeps its port, the others keep working")
                .containsOnlyKeys("pf-zeta", "pf-other");
        Condition conflict = f.status("alpha").condition("Conflict").orElseThrow();
        assertThat(conflict.isTrue()).isTrue();
        assertThat(conflict.message()).contains("n1", "8080/tcp", "portforwards/zeta");
        assertThat(f.status("alpha").phase()).isEqualTo("Failed");
        assertThat(f.status("zeta").condition("Conflict").orElseThrow().isTrue()).isFalse();
        f.delete("zeta");
        f.converge("zeta");
        assertThat(f.tables()).as("the port is free: the other claimant takes it").containsOnlyKeys("pf-alpha",
                "pf-other");
        assertThat(f.status("alpha").condition("Conflict").orElseThrow().isTrue()).isFalse();
        assertThat(f.statuses.read(io.converge.model.Kind.PORT_FORWARD, "zeta")).isEmpty();
    }

    @Test
    void tcpAndUdpOnOnePortDoNotConflict() throws Exception {
        web("n1", "10.1.0.2", Health.PASSING);
        f.put("t", "{\"service\":\"web\",\"port\":53}");
        f.put("u", "{\"service\":\"web\",\"port\":53,\"protocol\":\"udp\"}");
        f.converge("t", "u");
        assertThat(f.tables()).containsOnlyKeys("pf-t", "pf-u");
    }

    @Test
    void aBadSourceRangeIsInvalidWithItsPathAndNothingIsForwardedForIt() throws Exception {
        web("n1", "10.1.0.2", Health.PASSING);
        f.put("good", "{\"service\":\"web\",\"port\":8080}");
        f.put("bad", "{\"service\":\"web\",\"port\":8081,\"sourceRanges\":[\"10.0.0.0/8\",\"10.1.2.3/16\"]}");
        f.converge("good", "bad");
        assertThat(f.tables()).containsOnlyKeys("pf-good");
        Condition valid = f.status("bad").condition("Valid").orElseThrow();
        assertThat(valid.isTrue()).isFalse();
        assertThat(valid.message()).contains("portforwards/bad", "/spec/sourceRanges/1", "host bits", "10.1.0.0/16");
    }

    @Test
    void anInvalidEditKeepsTheLastValidForwardInForce() throws Exception {
        web("n1", "10.1.0.2", Health.PASSING);
        f.put("web", "{\"service\":\"web\",\"port\":8080}");
        f.converge("web");
        f.put("web", "{\"service\":\"web\",\"port\":70000}");
        f.converge("web");
        assertThat(f.tables().get("pf-web").port()).isEqualTo(8080);
        Status s = f.status("web");
        assertThat(s.condition("Valid").orElseThrow().message()).contains("/spec/port");
        assertThat(s.appliedSpec().path("port").asInt()).isEqualTo(8080);
        assertThat(s.nodes().get("n1").phase()).isEqualTo("Running");
    }

    @Test
    void aRefusedApplyShowsTheFirewallsWordsAndKeepsWhatWasThere() throws Exception {
        web("n1", "10.1.0.2", Health.PASSING);
        f.put("web", "{\"service\":\"web\",\"port\":8080}");
        f.converge("web");
        f.firewall.refuse = "Error: Could not process rule: No such file or directory";
        web("n1", "10.1.0.3", Health.PASSING);
        assertThat(f.converge("web").ok()).isFalse();
        Status s = f.status("web");
        assertThat(s.phase()).isEqualTo("Failed");
        assertThat(s.nodes().get("n1").error()).contains("nft -f -", "No such file or directory");
        assertThat(s.condition("Applied").orElseThrow().message()).contains("n1: nft -f -");
        assertThat(f.tables().get("pf-web").backends()).hasSize(1);
        f.firewall.refuse = null;
        f.converge("web");
        assertThat(f.status("web").condition("Applied").orElseThrow().isTrue()).isTrue();
        assertThat(f.tables().get("pf-web").backends()).hasSize(2);
    }

    @Test
    void aUdpBackendThatLeavesHasItsFlowsForgotten() throws Exception {
        web("n1", "10.1.0.2", Health.PASSING);
        web("n1", "10.1.0.3", Health.PASSING);
        f.put("u", "{\"service\":\"web\",\"port\":5000,\"protocol\":\"udp\"}");
        f.put("t", "{\"service\":\"web\",\"port\":5001}");
        f.converge("u", "t");
        f.catalog.clear("web");
        web("n1", "10.1.0.3", Health.PASSING);
        f.converge("u", "t");
        assertThat(f.firewall.forgotten).containsExactly(
                new FakeFirewall.Forgotten(Protocol.UDP, 5000, new Backend("10.1.0.2", 80, false)));
    }

    @Test
    void anExportedServiceIsForwardedOnTheNodeWhereItRunsOnItsWanPort() throws Exception {
        f.catalog.add(instance("db", "n1", "10.1.0.9", 5432, Health.PASSING, List.of("export"),
                Map.of("wan-port", "15432")));
        f.catalog.add(instance("db", "n2", "10.2.0.9", 5432, Health.PASSING, List.of("export"), Map.of()));
        f.converge("consul:db");
        Forward db = f.tables().get("export-db");
        assertThat(db.port()).isEqualTo(15432);
        assertThat(db.backends()).containsExactly(new Backend("10.1.0.9", 5432, false));
        assertThat(f.statuses.names(io.converge.model.Kind.PORT_FORWARD)).isEmpty();
        f.catalog.clear("db");
        f.converge("consul:db");
        assertThat(f.tables()).isEmpty();
    }

    @Test
    void aPortForwardBeatsAnExportedServiceForAFreePort() throws Exception {
        f.catalog.add(instance("db", "n1", "10.1.0.9", 8080, Health.PASSING, List.of("export"), Map.of()));
        web("n1", "10.1.0.2", Health.PASSING);
        f.put("web", "{\"service\":\"web\",\"port\":8080}");
        f.converge("consul:db", "web");
        assertThat(f.tables()).containsOnlyKeys("pf-web");
    }

    @Test
    void aDeletedSpecLeavesTheTablesAndItsStatusGoes() throws Exception {
        web("n1", "10.1.0.2", Health.PASSING);
        f.put("web", "{\"service\":\"web\",\"port\":8080}");
        f.converge("web");
        f.delete("web");
        f.converge("web");
        assertThat(f.tables()).isEmpty();
        assertThat(f.statuses.names(io.converge.model.Kind.PORT_FORWARD)).isEmpty();
    }

    @Test
    void anUnchangedWholeIsNotLoadedAgainAndAStatusIsNotRewritten() throws Exception {
        web("n1", "10.1.0.2", Health.PASSING);
        f.put("web", "{\"service\":\"web\",\"port\":8080}");
        f.converge("web");
        int writes = f.statuses.writes();
        f.converge("web");
        assertThat(f.firewall.loads).hasSize(1);
        assertThat(f.statuses.writes()).isEqualTo(writes);
    }
}
