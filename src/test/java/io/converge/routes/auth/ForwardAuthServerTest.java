package io.converge.routes.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint's HTTP decisions, with an in-memory directory (the real one: ForwardAuthIT against slapd). */
class ForwardAuthServerTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-05-20T10:00:00Z"));
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger asked = new AtomicInteger();
    private final Directory directory = (realm, user, password) -> {
        asked.incrementAndGet();
        if (down.get()) {
            throw new DirectoryUnavailable("down", null);
        }
        return user.equals("alice") && password.equals("secret")
                ? Optional.of(new Identity("alice", Map.of("X-Remote-User", "alice", "X-Remote-Name", "山田\r\nX: y")))
                : Optional.empty();
    };
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private Vertx vertx;
    private ForwardAuthServer server;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        AuthRealms realms = new AuthRealms();
        realms.put("intra", new LdapRealm("intra", "ldap://127.0.0.1:1", "dc=x", "(uid={username})", null, null,
                Map.of("X-Remote-User", "uid", "X-Remote-Name", "cn"), null));
        server = new ForwardAuthServer(vertx, "127.0.0.1:0", realms, directory,
                new SessionCodec(new byte[32], now::get), Duration.ofHours(1), Duration.ofSeconds(30), now::get);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void basicCredentialsGetTheHeadersAndAreReusedForAWhile() throws Exception {
        var ok = get("/auth/intra", "Authorization", basic("alice", "secret"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("X-Remote-User")).contains("alice");
        byte[] raw = ok.headers().firstValue("X-Remote-Name").orElseThrow().getBytes(StandardCharsets.ISO_8859_1);
        assertThat(new String(raw, StandardCharsets.UTF_8)).isEqualTo("山田X: y");
        assertThat(ok.headers().firstValue("X")).isEmpty();
        get("/auth/intra", "Authorization", basic("alice", "secret"));
        assertThat(asked).hasValue(1);
        now.set(now.get().plusSeconds(30));
        get("/auth/intra", "Authorization", basic("alice", "secret"));
        assertThat(asked).hasValue(2);
    }

    @Test
    void refusalsGetAChallengeOrTheLoginForm() throws Exception {
        var wrong = get("/auth/intra", "Authorization", basic("alice", "nope"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Basic realm=\"intra\""));
        assertThat(get("/auth/intra", "Accept", "application/json").statusCode()).isEqualTo(401);
        var browser = get("/auth/intra", "Accept", "text/html,*/*", "X-Forwarded-Uri", "/app?a=1&b=2");
        assertThat(browser.statusCode()).isEqualTo(302);
        assertThat(browser.headers().firstValue("Location"))
                .contains("/.converge/login?route=intra&return=%2Fapp%3Fa%3D1%26b%3D2");
        var evil = get("/auth/intra", "Accept", "text/html", "X-Forwarded-Uri", "//evil.example/");
        assertThat(evil.headers().firstValue("Location")).contains("/.converge/login?route=intra&return=%2F");
        assertThat(get("/auth/other", "Authorization", basic("alice", "secret")).statusCode()).isEqualTo(404);
    }

    @Test
    void aDirectoryThatCannotAnswerIs503NeverAnAcceptance() throws Exception {
        down.set(true);
        assertThat(get("/auth/intra", "Authorization", basic("alice", "secret")).statusCode()).isEqualTo(503);
        assertThat(post("username=alice&password=secret&route=intra&return=/").statusCode()).isEqualTo(503);
    }

    @Test
    void theLoginFormSetsASignedCookieThatExpires() throws Exception {
        var form = get("/.converge/login?route=intra&return=/app", "Accept", "text/html");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"password\"").contains("value=\"/app\"");
        var refused = post("username=alice&password=nope&route=intra&return=/app");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("Wrong user name or password");
        assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();

        var in = post("username=alice&password=secret&route=intra&return=https://evil.example/", "X-Forwarded-Proto",
                "https");
        assertThat(in.statusCode()).isEqualTo(303);
        assertThat(in.headers().firstValue("Location")).contains("/");
        String setCookie = in.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly", "SameSite=Lax", "Path=/", "Secure", "Max-Age=3600");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        var ok = get("/auth/intra", "Cookie", cookie, "Accept", "text/html");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("X-Remote-User")).contains("alice");
        String tampered = cookie.substring(0, cookie.length() - 2) + (cookie.endsWith("A") ? "BB" : "AA");
        assertThat(get("/auth/intra", "Cookie", tampered, "Accept", "text/html").statusCode()).isEqualTo(302);
        assertThat(get("/auth/intra", "Cookie", tampered).statusCode()).isEqualTo(401);
        now.set(now.get().plus(Duration.ofHours(1)));
        assertThat(get("/auth/intra", "Cookie", cookie, "Accept", "text/html").statusCode()).isEqualTo(302);
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + server.address() + path)).headers(headers)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String form, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + server.address() + "/.converge/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
