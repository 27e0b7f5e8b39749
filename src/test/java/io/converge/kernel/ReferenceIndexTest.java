package io.converge.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.converge.kernel.CatalogInstance.Health;
import io.converge.kernel.ReferenceIndex.TagRule;
import io.converge.model.Kind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which keys a catalog change enqueues: referencing resources and implicit, tag-derived ones. */
class ReferenceIndexTest {
    static final ResourceKey PF_WEB = new ResourceKey(Kind.PORT_FORWARD, "web-in");
    static final ResourceKey ROUTE_WEB = new ResourceKey(Kind.ROUTE, "web");
    static final ResourceKey ROUTE_API = new ResourceKey(Kind.ROUTE, "api");
    static final ResourceKey DNS_BOTH = new ResourceKey(Kind.DNS_RECORD, "both");

    /** A catalog of services and their tags (one instance each). */
    static final class TaggedCatalog implements ServiceCatalog {
        final Map<String, List<String>> tags = new HashMap<>();

        TaggedCatalog with(String service, String... serviceTags) {
            tags.put(service, List.of(serviceTags));
            return this;
        }

        @Override
        public List<CatalogInstance> instances(String service) {
            return !tags.containsKey(service) ? List.of() : List.of(new CatalogInstance(service, service + "-1", "n",
                    Map.of(), Map.of(), "10.0.0.1", 80, tags.get(service), Map.of(), Health.PASSING));
        }

        @Override
        public Set<String> servicesTagged(String tag) {
            return tags.entrySet().stream().filter(e -> e.getValue().contains(tag)).map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
        }

        @Override
        public Set<String> services() {
            return tags.keySet();
        }
    }

    static ReferenceIndex index() {
        ReferenceIndex index = new ReferenceIndex(List.of(new TagRule("export", Kind.PORT_FORWARD),
                new TagRule("export", Kind.DNS_RECORD), new TagRule("web", Kind.ROUTE)));
        index.put(PF_WEB, Set.of("web"));
        index.put(ROUTE_WEB, Set.of("web"));
        index.put(ROUTE_API, Set.of("api"));
        index.put(DNS_BOTH, Set.of("web", "api"));
        return index;
    }

    static ResourceKey implicit(Kind kind, String service) {
        return ReferenceIndex.implicitKey(kind, service);
    }

    static List<Object[]> cases() {
        TaggedCatalog plain = new TaggedCatalog().with("web").with("api").with("db");
        TaggedCatalog exported = new TaggedCatalog().with("web").with("api").with("db", "export", "web");
        return List.of(
                new Object[] {"a referenced service", Set.of("web"), plain, Set.of(PF_WEB, ROUTE_WEB, DNS_BOTH)},
                new Object[] {"another one", Set.of("api"), plain, Set.of(ROUTE_API, DNS_BOTH)},
                new Object[] {"an unreferenced, untagged service", Set.of("db"), plain, Set.of()},
                new Object[] {"an unknown service", Set.of("nosuch"), plain, Set.of()},
                new Object[] {"nothing changed", Set.of(), exported, Set.of()},
                new Object[] {"a tagged service: its implicit keys", Set.of("db"), exported,
                        Set.of(implicit(Kind.PORT_FORWARD, "db"), implicit(Kind.DNS_RECORD, "db"),
                                implicit(Kind.ROUTE, "db"))},
                new Object[] {"several at once", Set.of("api", "db"), exported,
                        Set.of(ROUTE_API, DNS_BOTH, implicit(Kind.PORT_FORWARD, "db"), implicit(Kind.DNS_RECORD, "db"),
                                implicit(Kind.ROUTE, "db"))});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keysForAChange(String name, Set<String> changed, ServiceCatalog catalog, Set<ResourceKey> expected) {
        assertThat(index().keysFor(changed, catalog)).isEqualTo(expected);
    }

    @Test
    void aServiceThatLosesItsTagOrDisappearsStillEnqueuesItsImplicitKeysOnce() {
        ReferenceIndex index = index();
        TaggedCatalog catalog = new TaggedCatalog().with("db", "export");
        Set<ResourceKey> exported = Set.of(implicit(Kind.PORT_FORWARD, "db"), implicit(Kind.DNS_RECORD, "db"));
        assertThat(index.keysFor(Set.of("db"), catalog)).isEqualTo(exported);
        catalog.with("db", "web");
        assertThat(index.keysFor(Set.of("db"), catalog))
                .isEqualTo(Set.of(implicit(Kind.PORT_FORWARD, "db"), implicit(Kind.DNS_RECORD, "db"),
                        implicit(Kind.ROUTE, "db")));
        catalog.tags.remove("db");
        assertThat(index.keysFor(Set.of("db"), catalog)).containsExactly(implicit(Kind.ROUTE, "db"));
        assertThat(index.keysFor(Set.of("db"), catalog)).isEmpty();
    }

    @Test
    void implicitKeysListedAtStartAreRememberedForTheirRemoval() {
        ReferenceIndex index = index();
        TaggedCatalog catalog = new TaggedCatalog().with("db", "web");
        assertThat(index.implicitKeys(catalog)).containsExactly(implicit(Kind.ROUTE, "db"));
        catalog.tags.clear();
        assertThat(index.keysFor(Set.of("db"), catalog)).containsExactly(implicit(Kind.ROUTE, "db"));
    }

    @Test
    void putReplacesWhatAResourceNamedAndRemoveForgetsIt() {
        ReferenceIndex index = index();
        TaggedCatalog none = new TaggedCatalog();
        index.put(ROUTE_WEB, Set.of("api"));
        assertThat(index.keysFor(Set.of("web"), none)).isEqualTo(Set.of(PF_WEB, DNS_BOTH));
        assertThat(index.keysFor(Set.of("api"), none)).isEqualTo(Set.of(ROUTE_WEB, ROUTE_API, DNS_BOTH));
        index.remove(DNS_BOTH);
        index.remove(DNS_BOTH);
        index.put(PF_WEB, Set.of());
        assertThat(index.keysFor(Set.of("web", "api"), none)).isEqualTo(Set.of(ROUTE_WEB, ROUTE_API));
    }

    @Test
    void implicitNamesCannotCollideWithDocumentNames() {
        assertThat(implicit(Kind.ROUTE, "web").name()).isEqualTo("consul:web");
        assertThat(ReferenceIndex.isImplicit(implicit(Kind.ROUTE, "web"))).isTrue();
        assertThat(ReferenceIndex.isImplicit(ROUTE_WEB)).isFalse();
    }
}
