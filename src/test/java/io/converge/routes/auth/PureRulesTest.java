package io.converge.routes.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Entry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The pure rules of the endpoint: filter escaping, the redirect guard, header values, credentials, HTML escaping. */
class PureRulesTest {
    private static final LdapRealm REALM = new LdapRealm("intra", "ldap://127.0.0.1:389",
            "ou=people,dc=example,dc=jp", "(&(objectClass=inetOrgPerson)(uid={username}))", null, null, null, null);

    @Test
    void aUserNameNeverWidensTheUserFilter() throws Exception {
        Entry alice = new Entry("uid=alice,ou=people,dc=example,dc=jp", new com.unboundid.ldap.sdk.Attribute(
                "objectClass", "inetOrgPerson"), new com.unboundid.ldap.sdk.Attribute("uid", "alice"));
        assertThat(LdapDirectory.userFilter(REALM, "alice").matchesEntry(alice)).isTrue();
        for (String attack : List.of("*", "a*", "*)(uid=*", "alice)(|(uid=*", "alice\\", "alice\u0000")) {
            assertThat(LdapDirectory.userFilter(REALM, attack).matchesEntry(alice)).as(attack).isFalse();
        }
        assertThat(LdapDirectory.userFilter(REALM, "*)(uid=*").toString())
                .isEqualTo("(&(objectClass=inetOrgPerson)(uid=\\2a\\29\\28uid=\\2a))");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/app/page?x=1|/app/page?x=1", "/|/", "//evil.example|/", "/\\evil.example|/", "https://evil.example/|/",
            "evil.example|/", "/a\tb|/", "/%0d%0aSet-Cookie:x|/%0d%0aSet-Cookie:x", "/.converge/login?x|/",
            "/\u00e9|/", "''|/"})
    void onlyAPathOfTheSameHostIsAReturnPath(String wanted, String safe) {
        assertThat(ReturnPaths.safe(wanted)).isEqualTo(safe);
        assertThat(ReturnPaths.safe(null)).isEqualTo("/");
        assertThat(ReturnPaths.safe("/" + "a".repeat(3000))).isEqualTo("/");
    }

    @Test
    void headerValuesLoseControlCharactersAndJoinMultipleValues() {
        assertThat(HeaderValues.sanitise("alice\r\nX-Remote-Groups: admins")).isEqualTo("aliceX-Remote-Groups: admins");
        assertThat(HeaderValues.sanitise(" a\u0000b\u007f\tc ")).isEqualTo("abc");
        assertThat(HeaderValues.sanitise(null)).isEmpty();
        assertThat(HeaderValues.join(List.of("admins", "st\naff", "\r\n"))).isEqualTo("admins,staff");
        assertThat(new Identity("alice", Map.of("X-Remote-User", "al\rice")).headers()).containsEntry("X-Remote-User", "alice");
        assertThat(HeaderValues.wire("山")).isEqualTo(new String("山".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1)).hasSize(3);
    }

    @Test
    void basicCredentialsAndCookiesAreParsedStrictly() {
        String header = "Basic " + Base64.getEncoder().encodeToString("alice:pa:ss word".getBytes(StandardCharsets.UTF_8));
        assertThat(Credentials.basic(header)).contains(new Credentials.Basic("alice", "pa:ss word"));
        assertThat(Credentials.basic(header).orElseThrow().toString()).doesNotContain("pa:ss");
        assertThat(Credentials.basic("Bearer abc")).isEmpty();
        assertThat(Credentials.basic("Basic !!!")).isEmpty();
        assertThat(Credentials.basic("Basic " + Base64.getEncoder().encodeToString(":x".getBytes()))).isEmpty();
        assertThat(Credentials.cookie("a=1; converge_intra=v.w; b=2", "converge_intra")).contains("v.w");
        assertThat(Credentials.cookie("xconverge_intra=v", "converge_intra")).isEmpty();
        assertThat(Credentials.setCookie("intra", "v", 60, true))
                .isEqualTo("converge_intra=v; Max-Age=60; Path=/; HttpOnly; SameSite=Lax; Secure");
        assertThat(Credentials.setCookie("intra", "v", 60, false)).doesNotContain("Secure");
    }

    @Test
    void theLoginPageEscapesEveryValue() {
        String page = LoginPage.render("intra", "/a\"><script>x</script>", "<b>bad</b>");
        assertThat(page).doesNotContain("<script>").doesNotContain("<b>bad")
                .contains("/a&quot;&gt;&lt;script&gt;").contains("&lt;b&gt;bad").doesNotContain("http");
    }
}
