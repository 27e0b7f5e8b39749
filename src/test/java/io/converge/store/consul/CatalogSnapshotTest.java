package io.converge.store.consul;

import static org.assertj.core.api.Assertions.assertThat;

import io.converge.kernel.CatalogInstance;
import io.converge.kernel.CatalogInstance.Health;
import io.converge.store.consul.CatalogJson.CheckRow;
import io.converge.store.consul.CatalogJson.NodeEntry;
import io.converge.store.consul.CatalogJson.ServiceEntry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The join of registrations and checks, and the diff that finds the changed services (pure). */
class CatalogSnapshotTest {
    static final ServiceEntry WEB_A = new ServiceEntry("web-1", "web", "", 80, List.of("web"), Map.of());
    static final ServiceEntry DB_A = new ServiceEntry("db-1", "db", "10.9.9.9", 5432, List.of(), Map.of());
    static final ServiceEntry WEB_B = new ServiceEntry("web-2", "web", "", 80, List.of("web", "export"), Map.of());

    static NodeEntry a(ServiceEntry... services) {
        return new NodeEntry("a", "10.0.0.1", Map.of("wan", "1.2.3.4"), Map.of("site", "one"), List.of(services));
    }

    static NodeEntry b(ServiceEntry... services) {
        return new NodeEntry("b", "10.0.0.2", Map.of(), Map.of("site", "two"), List.of(services));
    }

    static CheckRow check(String node, String id, String status, String service) {
        return new CheckRow(node, id, status, service);
    }

    static final List<CheckRow> ALL_PASSING = List.of(check("a", "serfHealth", "passing", ""),
            check("a", "web-1-http", "passing", "web-1"), check("b", "serfHealth", "passing", ""),
            check("b", "web-2-ttl", "passing", "web-2"));

    @Test
    void anInstanceJoinsItsNodeAndFallsBackToTheNodeAddress() {
        CatalogSnapshot s = new CatalogSnapshot(List.of(a(WEB_A, DB_A)), ALL_PASSING);
        assertThat(s.instances("web")).containsExactly(new CatalogInstance("web", "web-1", "a", Map.of("site", "one"),
                Map.of("wan", "1.2.3.4"), "10.0.0.1", 80, List.of("web"), Map.of(), Health.PASSING));
        assertThat(s.instances("db").get(0).address()).isEqualTo("10.9.9.9");
        assertThat(s.instances("db").get(0).site()).contains("one");
        assertThat(s.instances("nosuch")).isEmpty();
    }

    static List<Object[]> aggregation() {
        return List.of(
                new Object[] {"all passing", ALL_PASSING, Health.PASSING},
                new Object[] {"own check warning", List.of(check("a", "c", "warning", "web-1")), Health.WARNING},
                new Object[] {"own critical beats warning", List.of(check("a", "c", "warning", "web-1"),
                        check("a", "d", "critical", "web-1")), Health.CRITICAL},
                new Object[] {"node check critical (serfHealth)", List.of(check("a", "serfHealth", "critical", ""),
                        check("a", "c", "passing", "web-1")), Health.CRITICAL},
                new Object[] {"node maintenance", List.of(check("a", "_node_maintenance", "maintenance", "")),
                        Health.CRITICAL},
                new Object[] {"another node's check does not count", List.of(check("b", "serfHealth", "critical",
                        "")), Health.PASSING},
                new Object[] {"another instance's check does not count", List.of(check("a", "c", "critical",
                        "db-1")), Health.PASSING},
                new Object[] {"no checks at all: passing, as in Consul", List.of(), Health.PASSING});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregation")
    void healthIsTheWorstOfTheInstanceAndNodeChecks(String name, List<CheckRow> checks, Health expected) {
        CatalogSnapshot s = new CatalogSnapshot(List.of(a(WEB_A, DB_A)), checks);
        assertThat(s.instances("web")).singleElement().extracting(CatalogInstance::health).isEqualTo(expected);
        assertThat(s.passing("web")).hasSize(expected == Health.PASSING ? 1 : 0);
    }

    static final CatalogSnapshot BEFORE = new CatalogSnapshot(List.of(a(WEB_A, DB_A), b(WEB_B)), ALL_PASSING);

    static List<Object[]> diffs() {
        List<CheckRow> webCritical = List.of(check("a", "serfHealth", "passing", ""),
                check("a", "web-1-http", "critical", "web-1"), check("b", "serfHealth", "passing", ""),
                check("b", "web-2-ttl", "passing", "web-2"));
        List<CheckRow> nodeADown = List.of(check("a", "serfHealth", "critical", ""),
                check("a", "web-1-http", "passing", "web-1"), check("b", "serfHealth", "passing", ""),
                check("b", "web-2-ttl", "passing", "web-2"));
        ServiceEntry webMoved = new ServiceEntry("web-1", "web", "", 81, List.of("web"), Map.of());
        ServiceEntry dbMeta = new ServiceEntry("db-1", "db", "10.9.9.9", 5432, List.of(), Map.of("k", "v"));
        NodeEntry bMoved = new NodeEntry("b", "10.0.0.2", Map.of(), Map.of("site", "three"), List.of(WEB_B));
        return List.of(
                new Object[] {"nothing", List.of(a(WEB_A, DB_A), b(WEB_B)), ALL_PASSING, Set.of()},
                new Object[] {"a service check", List.of(a(WEB_A, DB_A), b(WEB_B)), webCritical, Set.of("web")},
                new Object[] {"a node check: every service on it", List.of(a(WEB_A, DB_A), b(WEB_B)), nodeADown,
                        Set.of("web", "db")},
                new Object[] {"a port", List.of(a(webMoved, DB_A), b(WEB_B)), ALL_PASSING, Set.of("web")},
                new Object[] {"meta", List.of(a(WEB_A, dbMeta), b(WEB_B)), ALL_PASSING, Set.of("db")},
                new Object[] {"a node's meta", List.of(a(WEB_A, DB_A), bMoved), ALL_PASSING, Set.of("web")},
                new Object[] {"deregistered", List.of(a(WEB_A), b(WEB_B)), ALL_PASSING, Set.of("db")},
                new Object[] {"a node gone", List.of(a(WEB_A, DB_A)), ALL_PASSING, Set.of("web")},
                new Object[] {"a check of an unknown instance", List.of(a(WEB_A, DB_A), b(WEB_B)),
                        withUnknown(), Set.of()});
    }

    private static List<CheckRow> withUnknown() {
        List<CheckRow> checks = new java.util.ArrayList<>(ALL_PASSING);
        checks.add(check("c", "x", "critical", "zz"));
        return checks;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("diffs")
    void changedFindsExactlyTheServicesWhoseInstancesDiffer(String name, List<NodeEntry> nodes,
                                                             List<CheckRow> checks, Set<String> expected) {
        assertThat(CatalogSnapshot.changed(BEFORE, new CatalogSnapshot(nodes, checks))).isEqualTo(expected);
    }

    @Test
    void anOwnCheckChangeCountsEvenWhenAFailingNodeCheckKeepsTheAggregateCritical() {
        List<CheckRow> starting = List.of(check("a", "serfHealth", "critical", ""),
                check("a", "web-1-http", "critical", "web-1"));
        List<CheckRow> passing = List.of(check("a", "serfHealth", "critical", ""),
                check("a", "web-1-http", "passing", "web-1"));
        assertThat(CatalogSnapshot.changed(new CatalogSnapshot(List.of(a(WEB_A)), starting),
                new CatalogSnapshot(List.of(a(WEB_A)), passing))).containsExactly("web");
    }

    @Test
    void aNodeCheckChangeThatLeavesEveryAggregateAloneChangesNothing() {
        List<CheckRow> one = List.of(check("a", "n1", "critical", ""), check("a", "n2", "passing", ""));
        List<CheckRow> both = List.of(check("a", "n1", "critical", ""), check("a", "n2", "critical", ""));
        assertThat(CatalogSnapshot.changed(new CatalogSnapshot(List.of(a(WEB_A)), one),
                new CatalogSnapshot(List.of(a(WEB_A)), both))).isEmpty();
    }

    @Test
    void tagsIndexServicesCarryingThemOnAnyInstance() {
        assertThat(BEFORE.servicesTagged("web")).containsExactly("web");
        assertThat(BEFORE.servicesTagged("export")).containsExactly("web");
        assertThat(BEFORE.servicesTagged("nope")).isEmpty();
        assertThat(BEFORE.services()).containsExactlyInAnyOrder("web", "db");
        assertThat(BEFORE.instances("web")).extracting(CatalogInstance::node).containsExactly("a", "b");
    }
}
