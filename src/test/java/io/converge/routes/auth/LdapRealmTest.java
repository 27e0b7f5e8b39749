package io.converge.routes.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.model.DocumentValidator;
import io.converge.model.Json;
import io.converge.model.Kind;
import io.converge.model.Validation;
import io.converge.routes.RouteSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LdapRealmTest {

    @Test
    void theExampleRouteMakesARealmWithItsHeaders() throws Exception {
        var doc = Json.MAPPER.readTree(Files.readString(Path.of("crds-as-json/examples/route-ldap.json")));
        LdapRealm realm = LdapRealm.fromSpec("hello-intra", doc.at("/spec/auth/ldap"));
        assertThat(realm.url()).isEqualTo("ldaps://ldap.example.jp:636");
        assertThat(realm.bindDn()).isEqualTo("cn=proxy,ou=services,dc=example,dc=jp");
        assertThat(realm.bindPasswordFile()).isEqualTo("/etc/converge/ldap-bind-password");
        assertThat(realm.attributes()).containsEntry("X-Remote-Groups", "memberOf");
        assertThat(realm.headerNames()).containsExactly("X-Remote-Email", "X-Remote-Groups", "X-Remote-User");
        assertThat(realm.searchesGroups()).isFalse();
        assertThat(realm.groupBaseDn()).isEqualTo("dc=example,dc=jp");
    }

    @Test
    void withoutAttributesUidMailAndGroupsAreAnswered() {
        LdapRealm realm = new LdapRealm("r", "ldap://h", "ou=people,dc=x", "(uid={username})", null, null, Map.of(),
                "ou=groups,dc=x");
        assertThat(realm.attributes()).isEqualTo(Map.of("X-Remote-User", "uid", "X-Remote-Email", "mail",
                "X-Remote-Groups", "groups"));
        assertThat(realm.searchesGroups()).isTrue();
        assertThat(realm.groupBaseDn()).isEqualTo("ou=groups,dc=x");
    }

    @Test
    void badFieldsAreNamed() {
        assertThatThrownBy(() -> new LdapRealm("r", "http://h", "dc=x", "(uid={username})", null, null, null, null))
                .hasMessageContaining("route r: auth.ldap.url");
        assertThatThrownBy(() -> new LdapRealm("r", "ldap://h/dc=x?uid", "dc=x", "(uid={username})", null, null,
                null, null)).hasMessageContaining("auth.ldap.url");
        assertThatThrownBy(() -> new LdapRealm("r", "ldap://h", "not a dn", "(uid={username})", null, null, null,
                null)).hasMessageContaining("auth.ldap.baseDn");
        assertThatThrownBy(() -> new LdapRealm("r", "ldap://h", "dc=x", "(uid=alice)", null, null, null, null))
                .hasMessageContaining("auth.ldap.userFilter must contain {username}");
        assertThatThrownBy(() -> new LdapRealm("r", "ldap://h", "dc=x", "(uid={username}", null, null, null, null))
                .hasMessageContaining("auth.ldap.userFilter is not an LDAP filter");
        assertThatThrownBy(() -> new LdapRealm("r", "ldap://h", "dc=x", "(uid={username})", null, null,
                Map.of("X Bad", "uid"), null)).hasMessageContaining("auth.ldap.attributes");
    }

    @Test
    void startTlsIsOnlyValidWithAnLdapUrlInTheSchemaAndWhereTheRealmIsMade() throws Exception {
        ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(Files.readString(Path.of("crds-as-json/examples/route-ldap.json")));
        ObjectNode ldap = (ObjectNode) doc.at("/spec/auth/ldap");
        ldap.put("startTls", true);
        Validation refused = validate(doc);
        assertThat(refused.isValid()).isFalse();
        assertThat(refused.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("/spec/auth/ldap/startTls");
            assertThat(p.message()).contains("must be false");
        });
        assertThatThrownBy(() -> LdapRealm.fromSpec("hello-intra", ldap))
                .hasMessageContaining("route hello-intra: /spec/auth/ldap/startTls must be false with an ldaps:// URL");

        ldap.put("url", "ldap://ldap.example.jp:389");
        assertThat(validate(doc).isValid()).as(validate(doc)::message).isTrue();
        assertThat(LdapRealm.fromSpec("hello-intra", ldap).startTls()).isTrue();
        RouteSpec.Ldap typed = RouteSpec.from(doc.get("spec")).auth().ldap();
        assertThat(typed.startTls()).isTrue();
        AuthRealms realms = new AuthRealms();
        realms.put("hello-intra", typed);
        assertThat(realms.get("hello-intra")).hasValueSatisfying(r -> assertThat(r.startTls()).isTrue());

        ldap.remove("startTls");
        assertThat(RouteSpec.from(doc.get("spec")).auth().ldap().startTls()).as("default").isFalse();
        ldap.put("url", "ldaps://ldap.example.jp:636").put("startTls", false);
        assertThat(validate(doc).isValid()).as(validate(doc)::message).isTrue();
    }

    @Test
    void aTypedSpecWithStartTlsAndAnLdapsUrlLeavesTheRouteWithoutARealm() {
        AuthRealms realms = new AuthRealms();
        realms.put("r", new RouteSpec.Ldap("ldap://h", "dc=x", "(uid={username})", null, null, null));
        assertThat(realms.get("r")).hasValueSatisfying(r -> assertThat(r.startTls()).isFalse());
        realms.put("r", new RouteSpec.Ldap("ldaps://h", "dc=x", "(uid={username})", null, null, null, true));
        assertThat(realms.get("r")).isEmpty();
    }

    private static Validation validate(ObjectNode doc) throws Exception {
        return new DocumentValidator().validate("converge/specs/routes/hello-intra", Kind.ROUTE, "hello-intra",
                Json.MAPPER.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8), 1);
    }

    @Test
    void aRealmIsPutUnderItsOwnRouteOnly() {
        AuthRealms realms = new AuthRealms();
        LdapRealm realm = new LdapRealm("r", "ldap://h:389", "dc=x", "(uid={username})", null, null, null, null);
        realms.put("r", realm);
        assertThat(realms.get("r")).contains(realm);
        assertThatThrownBy(() -> realms.put("s", realm)).hasMessageContaining("put as s");
        realms.remove("r");
        assertThat(realms.get("r")).isEmpty();
        assertThat(realms.routes()).isEmpty();
    }
}
