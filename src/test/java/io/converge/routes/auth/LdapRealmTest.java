package io.converge.routes.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.converge.model.Json;
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
