package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Routes end to end: a real Consul agent, a real {@code converge run} on a proxy node driving a real Caddy (with a
 * foreign server of its own), backends as loopback processes whose instances are registered in Consul with TTL
 * checks, and a real slapd for LDAP auth. Each test uses its own host names and services.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteIT {
    static final Duration EVENTUALLY = Duration.ofSeconds(20);

    ConsulAgent consul;
    ConvergeProcess converge;
    CaddyRig caddy;
    WebBackends backends;
    SlapdRig slapd;
    String node;
    String prefix;
    int authPort;
    private int restarts;

    @BeforeAll
    void start() throws Exception {
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        node = "it-route-" + id;
        prefix = "it/route-" + id;
        caddy = CaddyRig.start();
        backends = new WebBackends(caddy.dir);
        slapd = new SlapdRig().startSeeded();
        authPort = ConsulAgent.freePort();
        consul = new ConsulAgent(node);
        consul.start();
        converge = new ConvergeProcess(node, props()).start();
    }

    private Map<String, String> props() {
        Map<String, String> p = ConvergeProcess.props(consul, prefix);
        p.put("converge.proxy.enabled", "true");
        p.put("converge.proxy.admin", caddy.admin().toString());
        p.put("converge.proxy.listen", String.join(",", caddy.listen()));
        p.put("converge.proxy.http-port", Integer.toString(caddy.httpPort));
        p.put("converge.proxy.probe-interval", "1s");
        p.put("converge.proxy.auth.listen", "127.0.0.1:" + authPort);
        p.put("converge.reconcile.resync-interval", "3s");   // a renewed certificate file is read at the resync
        return p;
    }

    @BeforeEach
    void up() throws Exception {
        consul.ensureRunning();
        if (!converge.alive()) {
            converge = new ConvergeProcess(node + "-" + (++restarts), props()).start();
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (converge != null) {
            converge.stop();
        }
        if (consul != null) {
            consul.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {backends, caddy, slapd}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** Registers an instance of {@code service} at 127.0.0.1:{@code port} with a passing TTL check. */
    String instance(String service, int port, String extra) throws Exception {
        String id = service + "-" + port;
        consul.agentRegister("{\"ID\":\"" + id + "\",\"Name\":\"" + service + "\",\"Address\":\"127.0.0.1\","
                + "\"Port\":" + port + extra + ",\"Check\":{\"CheckID\":\"" + id + "-ttl\",\"TTL\":\"30m\","
                + "\"Status\":\"passing\"}}");
        return id + "-ttl";
    }

    void route(String name, String spec) throws Exception {
        consul.kvPut(prefix + "/specs/routes/" + name, "{\"apiVersion\":\"converge/v1\",\"kind\":\"Route\","
                + "\"metadata\":{\"name\":\"" + name + "\"},\"spec\":" + spec + "}");
    }

    Optional<JsonNode> status(String name) throws Exception {
        return consul.kvJson(prefix + "/status/routes/" + name);
    }

    void awaitBody(String host, String path, String body, String... args) {
        await().atMost(EVENTUALLY).until(() -> {
            CaddyRig.Reply r = caddy.http(host, path, args);
            return r.status() == 200 && r.body().trim().startsWith(body);
        });
    }

    @Test
    void aRouteFollowsThePassingInstancesAndAnswers503WithoutAny() throws Exception {
        int one = backends.httpd("one");
        int two = backends.httpd("two");
        String first = instance("app1", one, "");
        route("app1", "{\"host\":\"app1.example.jp\",\"path\":\"/\",\"service\":\"app1\"}");
        awaitBody("app1.example.jp", "/", "one");
        String second = instance("app1", two, "");
        Set<String> seen = new HashSet<>();
        await().atMost(EVENTUALLY).until(() -> {
            seen.add(caddy.http("app1.example.jp", "/").body().trim());
            return seen.containsAll(Set.of("one", "two"));
        });
        consul.agentPut("/v1/agent/check/fail/" + first);
        consul.agentPut("/v1/agent/check/fail/" + second);
        await().atMost(EVENTUALLY).until(() -> caddy.http("app1.example.jp", "/").status() == 503);
        await().atMost(EVENTUALLY).until(() -> status("app1").map(s -> s.path("phase").asText().equals("Pending"))
                .orElse(false));
        assertThat(caddy.http("other.example.jp", "/").body()).as("another host is not routed").isEmpty();
    }

    @Test
    void pathAndStripPrefixAndTheInternalCa() throws Exception {
        int port = backends.echo("echo");
        instance("app2", port, "");
        route("app2", "{\"host\":\"app2.example.jp\",\"path\":\"/api\",\"stripPrefix\":true,\"service\":\"app2\","
                + "\"tls\":{\"internal\":true},\"requestHeaders\":{\"X-Site\":\"onamae\"}}");
        await().atMost(EVENTUALLY).until(() -> caddy.https("app2.example.jp", "/api/v1", "-k").status() == 200);
        CaddyRig.Reply r = caddy.https("app2.example.jp", "/api/v1", "-k");
        assertThat(r.body()).startsWith("echo /v1").contains("x-site: onamae");
        assertThat(caddy.http("app2.example.jp", "/api/v1").status()).as("redirected to HTTPS").isIn(301, 302, 308);
    }

    @Test
    void basicAuthAsksForCredentials() throws Exception {
        int port = backends.httpd("basic");
        instance("app3", port, "");
        String hash = Cmd.run("caddy", "hash-password", "--plaintext", "s3cret").check().out().trim();
        route("app3", "{\"host\":\"app3.example.jp\",\"service\":\"app3\",\"auth\":{\"type\":\"basic\",\"basic\":"
                + "{\"users\":[{\"username\":\"ann\",\"passwordHash\":\"" + hash + "\"}]}}}");
        await().atMost(EVENTUALLY).until(() -> caddy.http("app3.example.jp", "/").status() == 401);
        assertThat(caddy.http("app3.example.jp", "/", "-u", "ann:s3cret").body().trim()).isEqualTo("basic");
        assertThat(caddy.http("app3.example.jp", "/", "-u", "ann:wrong").status()).isEqualTo(401);
    }

    @Test
    void ldapAuthPassesTheUsersAttributesAndNeverTheClientsOwn() throws Exception {
        int port = backends.echo("ldap-echo");
        instance("app4", port, "");
        Path secret = caddy.dir.resolve("bind-password");
        java.nio.file.Files.writeString(secret, SlapdRig.BIND_PASSWORD);
        route("app4", "{\"host\":\"app4.example.jp\",\"service\":\"app4\",\"auth\":{\"type\":\"ldap\",\"ldap\":{"
                + "\"url\":\"" + slapd.url() + "\",\"baseDn\":\"" + SlapdRig.PEOPLE + "\",\"userFilter\":"
                + "\"(uid={username})\",\"bindDn\":\"" + SlapdRig.BIND_DN + "\",\"bindPasswordFile\":\"" + secret
                + "\"}}}");
        await().atMost(EVENTUALLY).until(() -> caddy.http("app4.example.jp", "/").status() == 401);
        CaddyRig.Reply ok = caddy.http("app4.example.jp", "/x", "-u", "alice:" + SlapdRig.ALICE_PASSWORD,
                "-H", "X-Remote-User: mallory", "-H", "X-Remote-Groups: admins");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).contains("x-remote-user: alice").doesNotContain("mallory");
        assertThat(caddy.http("app4.example.jp", "/", "-u", "alice:wrong").status()).isEqualTo(401);
        CaddyRig.Reply spoofed = caddy.http("app4.example.jp", "/", "-H", "X-Remote-User: alice");
        assertThat(spoofed.status()).as("an identity header alone is no login").isEqualTo(401);
    }

    @Test
    void aPlainConsulServiceTaggedWebGetsARoute() throws Exception {
        int port = backends.httpd("legacy");
        instance("legacy5", port, ",\"Tags\":[\"web\"],\"Meta\":{\"web-host\":\"legacy.example.jp\"}");
        awaitBody("legacy.example.jp", "/", "legacy");
        consul.agentPut("/v1/agent/service/deregister/legacy5-" + port);
        await().atMost(EVENTUALLY).until(() -> caddy.http("legacy.example.jp", "/").status() != 200
                || caddy.http("legacy.example.jp", "/").body().isEmpty());
    }

    @Test
    void aCaddyRestartedWithoutConvergesRoutesGetsThemBackAndTheForeignPartIsUntouched() throws Exception {
        JsonNode foreign = caddy.foreignPart();
        int port = backends.httpd("six");
        instance("app6", port, "");
        route("app6", "{\"host\":\"app6.example.jp\",\"service\":\"app6\"}");
        awaitBody("app6.example.jp", "/", "six");
        assertThat(caddy.foreignPart()).isEqualTo(foreign);
        caddy.restartWithoutApiChanges();
        awaitBody("app6.example.jp", "/", "six");
        assertThat(caddy.foreignPart()).isEqualTo(foreign);
    }

    @Test
    void aConflictAndABadHashAreReportedAndTheOthersKeepServing() throws Exception {
        int port = backends.httpd("seven");
        instance("app7", port, "");
        route("app7", "{\"host\":\"app7.example.jp\",\"service\":\"app7\"}");
        awaitBody("app7.example.jp", "/", "seven");
        route("app7-dup", "{\"host\":\"app7.example.jp\",\"service\":\"app7\"}");
        route("app7-bad", "{\"host\":\"bad7.example.jp\",\"service\":\"app7\",\"auth\":{\"type\":\"basic\","
                + "\"basic\":{\"users\":[{\"username\":\"a\",\"passwordHash\":\"$2a$10$short\"}]}}}");
        await().atMost(EVENTUALLY).until(() -> status("app7-dup").map(s -> s.path("conditions").toString()
                .contains("routes/app7")).orElse(false));
        await().atMost(EVENTUALLY).until(() -> status("app7-bad").map(s -> s.path("conditions").toString()
                .contains("/spec/auth/basic/users/0/passwordHash")).orElse(false));
        assertThat(caddy.http("app7.example.jp", "/").body().trim()).isEqualTo("seven");
        assertThat(caddy.http("bad7.example.jp", "/").body()).isEmpty();
    }

    @Test
    void certificateFilesServeTheirHostAndAKeyThatDoesNotMatchIsRefusedOnlyForItsRoute() throws Exception {
        TestCa ca = TestCa.create(caddy.dir.resolve("ca-" + ThreadLocalRandom.current().nextInt(1 << 20)));
        java.util.List<Path> wildcard = ca.issue("wildcard", "*.files.example.jp");
        java.util.List<Path> other = ca.issue("other", "other.example.jp");
        int port = backends.httpd("eight");
        instance("app8", port, "");
        route("app8", "{\"host\":\"*.files.example.jp\",\"service\":\"app8\",\"tls\":{\"certFile\":\""
                + wildcard.get(0) + "\",\"keyFile\":\"" + wildcard.get(1) + "\"}}");
        route("app8-mismatch", "{\"host\":\"mismatch.example.jp\",\"service\":\"app8\",\"tls\":{\"certFile\":\""
                + other.get(0) + "\",\"keyFile\":\"" + wildcard.get(1) + "\"}}");
        await().atMost(EVENTUALLY).until(() -> caddy.https("a.files.example.jp", "/", "--cacert", ca.cert.toString())
                .status() == 200);
        CaddyRig.Reply r = caddy.https("a.files.example.jp", "/", "--cacert", ca.cert.toString());
        assertThat(r.body().trim()).isEqualTo("eight");
        assertThat(r.trace()).contains("*.files.example.jp");
        await().atMost(EVENTUALLY).until(() -> status("app8-mismatch").map(s -> s.path("conditions").toString()
                .contains("does not match")).orElse(false));
        assertThat(status("app8-mismatch").orElseThrow().path("phase").asText()).isEqualTo("Failed");
        assertThat(caddy.https("a.files.example.jp", "/", "--cacert", ca.cert.toString()).status()).isEqualTo(200);
        String before = startDate(caddy.https("a.files.example.jp", "/", "--cacert", ca.cert.toString()).trace());
        Thread.sleep(1100);
        ca.issue("wildcard", "*.files.example.jp");   // renewed in place, as certbot or an ops script would
        // no event says a file changed, nor does anything else change: the periodic resync reads it again
        await().atMost(EVENTUALLY).until(() -> !startDate(caddy.https("a.files.example.jp", "/", "--cacert",
                ca.cert.toString()).trace()).equals(before));
    }

    private static String startDate(String curlTrace) {
        return curlTrace.lines().filter(l -> l.contains("start date:")).findFirst().orElse("");
    }

    @Test
    void aBrowserLogsInThroughTheFormAndItsCookieCarriesTheAttributes() throws Exception {
        int port = backends.echo("form-echo");
        instance("app9", port, "");
        Path secret = caddy.dir.resolve("bind-password-9");
        java.nio.file.Files.writeString(secret, SlapdRig.BIND_PASSWORD);
        route("app9", "{\"host\":\"app9.example.jp\",\"path\":\"/app\",\"service\":\"app9\",\"auth\":{\"type\":\"ldap\",\"ldap\":{"
                + "\"url\":\"" + slapd.url() + "\",\"baseDn\":\"" + SlapdRig.PEOPLE + "\",\"userFilter\":"
                + "\"(uid={username})\",\"bindDn\":\"" + SlapdRig.BIND_DN + "\",\"bindPasswordFile\":\"" + secret
                + "\"}}}");
        await().atMost(EVENTUALLY).until(() -> caddy.http("app9.example.jp", "/app/page", "-H", "Accept: text/html")
                .status() == 302);
        assertThat(caddy.http("app9.example.jp", "/app/page", "-H", "Accept: text/html").trace())
                .contains("/.converge/login");
        CaddyRig.Reply form = caddy.http("app9.example.jp", "/.converge/login?route=app9&return=/app/page");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("<form");
        Path jar = caddy.dir.resolve("cookies-9.txt");
        CaddyRig.Reply posted = caddy.http("app9.example.jp", "/.converge/login", "-c", jar.toString(),
                "--data-urlencode", "route=app9", "--data-urlencode", "return=/app/page",
                "--data-urlencode", "username=bob", "--data-urlencode", "password=" + SlapdRig.BOB_PASSWORD);
        assertThat(posted.status()).isEqualTo(303);
        CaddyRig.Reply page = caddy.http("app9.example.jp", "/app/page", "-b", jar.toString(),
                "-H", "X-Remote-User: mallory");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).startsWith("form-echo /app/page").contains("x-remote-user: bob")
                .doesNotContain("mallory");
    }
}
