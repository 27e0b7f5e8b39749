package io.converge.routes.caddy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.converge.it.CaddyRig;
import io.converge.it.Cmd;
import io.converge.it.TestCa;
import io.converge.it.WebBackends;
import io.converge.routes.ProxyRoute;
import io.converge.routes.RouteAuth;
import io.converge.routes.RouteTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link CaddyProxy} against a real Caddy 2.6: what converge's routes do to requests (routing, TLS, auth). */
class CaddyProxyIT extends CaddyItBase {
    @Test
    void routesByHostAndPathPrefix() throws Exception {
        int a = backends.httpd("a");
        int api = backends.echo("api");
        proxy.apply(set(route("a", "a.test", "/", a), route("api", "a.test", "/api", api),
                route("wild", "*.wild.test", "/", api)));

        assertThat(caddy.http("a.test", "/").body()).isEqualTo("a");
        assertThat(caddy.http("a.test", "/api").body()).startsWith("api /api\n");
        assertThat(caddy.http("a.test", "/api/x?y=1").body()).startsWith("api /api/x?y=1\n");
        assertThat(caddy.http("a.test", "/apix").body()).isEqualTo("a");
        assertThat(caddy.http("x.wild.test", "/z").body()).startsWith("api /z\n");
        assertThat(caddy.http("b.test", "/").body()).isEmpty(); // Caddy answers a host without a route empty
    }

    @Test
    void stripsThePrefixAndSetsRequestHeaders() throws Exception {
        int api = backends.echo("api");
        ProxyRoute r = route("api", "a.test", "/api", api);
        proxy.apply(set(new ProxyRoute(r.id(), r.owner(), r.host(), r.path(), true, r.upstreams(), "round_robin",
                Map.of("X-Env", "test"), null, null)));

        CaddyRig.Reply reply = caddy.http("a.test", "/api/x");
        assertThat(reply.body()).startsWith("api /x\n").contains("x-env: test\n");
    }

    @Test
    void aRouteWithoutUpstreamsAnswers503AtOnce() throws Exception {
        proxy.apply(set(route("none", "a.test", "/")));
        long t0 = System.nanoTime();
        CaddyRig.Reply reply = caddy.http("a.test", "/");
        assertThat(reply.status()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void balancesOverTwoUpstreamsOrTakesTheFirst() throws Exception {
        int one = backends.httpd("one");
        int two = backends.httpd("two");
        proxy.apply(set(route("rr", "rr.test", "/", one, two)));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            seen.add(caddy.http("rr.test", "/").body());
        }
        assertThat(seen).containsExactlyInAnyOrder("one", "two");

        ProxyRoute first = route("rr", "rr.test", "/", one, two);
        proxy.apply(set(new ProxyRoute(first.id(), first.owner(), first.host(), "/", false, first.upstreams(),
                "first", Map.of(), null, null)));
        String expected = one < two ? "one" : "two"; // upstreams are sorted by address, then port
        for (int i = 0; i < 4; i++) {
            assertThat(caddy.http("rr.test", "/").body()).isEqualTo(expected);
        }
    }

    @Test
    void certificateFilesChosenBySni() throws Exception {
        int a = backends.httpd("a");
        TestCa ca = TestCa.create(caddy.dir.resolve("ca"));
        List<Path> wild = ca.issue("wild", "*.tls.test");
        List<Path> other = ca.issue("other", "other.test");
        proxy.apply(set(with(route("w", "*.tls.test", "/", a), files(wild), null),
                with(route("o", "other.test", "/", a), files(other), null)));

        CaddyRig.Reply w = caddy.https("x.tls.test", "/", "--cacert", ca.cert.toString());
        assertThat(w.status()).as(w.trace()).isEqualTo(200);
        assertThat(w.body()).isEqualTo("a");
        assertThat(w.trace()).contains("subject: CN=*.tls.test");
        CaddyRig.Reply o = caddy.https("other.test", "/", "--cacert", ca.cert.toString());
        assertThat(o.body()).isEqualTo("a");
        assertThat(o.trace()).contains("subject: CN=other.test");
    }

    @Test
    void internalIssuerWithoutInternetAndRedirectFromHttp() throws Exception {
        int a = backends.httpd("a");
        proxy.apply(set(with(route("i", "int.test", "/", a), RouteTls.internal(), null)));

        CaddyRig.Reply reply = await().atMost(Duration.ofSeconds(10)).until(
                () -> caddy.https("int.test", "/", "--cacert", caddy.internalRoot().toString()),
                r -> r.status() == 200);
        assertThat(reply.body()).isEqualTo("a");
        assertThat(reply.trace()).contains("issuer: CN=Caddy Local Authority");
        CaddyRig.Reply redirect = caddy.http("int.test", "/p?q=1");
        assertThat(redirect.status()).isEqualTo(308);
        assertThat(redirect.trace()).contains("Location: https://int.test:" + caddy.httpsPort + "/p?q=1");
        assertThat(Cmd.run("grep", "-c", "acme", caddy.dir.resolve("caddy.log").toString()).out().trim())
                .isEqualTo("0");
    }

    @Test
    void basicAuthWithBcryptHashes() throws Exception {
        int a = backends.httpd("a");
        String hash = Cmd.run("caddy", "hash-password", "--plaintext", "s3cret").check().out().trim();
        assertThat(hash).startsWith("$2a$");
        proxy.apply(set(with(route("b", "b.test", "/", a), null,
                new RouteAuth.Basic(List.of(new RouteAuth.BasicUser("amy", hash))))));

        assertThat(caddy.http("b.test", "/").status()).isEqualTo(401);
        assertThat(caddy.http("b.test", "/", "-u", "amy:wrong").status()).isEqualTo(401);
        assertThat(caddy.http("b.test", "/", "-u", "bob:s3cret").status()).isEqualTo(401);
        CaddyRig.Reply ok = caddy.http("b.test", "/", "-u", "amy:s3cret");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("a");
    }

    /** The test's auth server: "Bearer alice" passes as alice, "Bearer anon" passes with no identity, else 401. */
    int authServer() throws Exception {
        return backends.serve(exchange -> {
            String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            return switch (auth) {
                case "Bearer alice" ->
                        new WebBackends.Answer(200, List.of("X-User", "alice", "X-Mail", "a@x.test"), "");
                case "Bearer anon" -> new WebBackends.Answer(200, List.of(), "");
                default -> new WebBackends.Answer(401, List.of("WWW-Authenticate", "Bearer"), "who are you?");
            };
        });
    }

    @Test
    void forwardAuthAllowsDeniesCopiesAndDeletesClientIdentity() throws Exception {
        int app = backends.echo("app");
        int login = backends.echo("login");
        int auth = authServer();
        RouteAuth.Forward forward = new RouteAuth.Forward("http://127.0.0.1:" + auth + "/check",
                List.of("X-User", "x-mail"), "/.converge/login", "127.0.0.1:" + login);
        proxy.apply(set(with(route("f", "f.test", "/", app), null, forward)));

        CaddyRig.Reply denied = caddy.http("f.test", "/x", "-H", "X-User: mallory");
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.body()).isEqualTo("who are you?");
        CaddyRig.Reply alice = caddy.http("f.test", "/x", "-H", "Authorization: Bearer alice",
                "-H", "X-User: mallory");
        assertThat(alice.status()).isEqualTo(200);
        assertThat(alice.body()).startsWith("app /x\n").contains("x-user: alice\n", "x-mail: a@x.test\n")
                .doesNotContain("mallory");
        CaddyRig.Reply anon = caddy.http("f.test", "/x", "-H", "Authorization: Bearer anon",
                "-H", "X-User: mallory", "-H", "X-Mail: m@evil.test");
        assertThat(anon.status()).isEqualTo(200);
        assertThat(anon.body()).startsWith("app /x\n").doesNotContain("x-user", "x-mail", "mallory", "evil");
        CaddyRig.Reply form = caddy.http("f.test", "/.converge/login?next=/x", "-H", "X-User: mallory");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).startsWith("login /.converge/login?next=/x\n").doesNotContain("mallory");
    }
}
