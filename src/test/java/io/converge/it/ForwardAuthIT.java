package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.converge.routes.auth.AuthRealms;
import io.converge.routes.auth.ForwardAuthServer;
import io.converge.routes.auth.LdapDirectory;
import io.converge.routes.auth.LdapRealm;
import io.converge.routes.auth.SessionCodec;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * converge's forward-auth endpoint against a real slapd ({@link SlapdRig}), driven over HTTP as Caddy's
 * forward_auth and a browser would: Basic and form logins, the attribute headers, refusals, the directory down,
 * the service account's password from a file, LDAPS and StartTLS with a CA file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForwardAuthIT {
    private static final Map<String, String> HEADERS = Map.of("X-Remote-User", "uid", "X-Remote-Email", "mail",
            "X-Remote-Groups", "groups", "X-Remote-Member-Of", "memberOf", "X-Remote-Name", "cn");

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final LogCapture logs = new LogCapture();
    private SlapdRig slapd;
    private Vertx vertx;
    private LdapDirectory directory;
    private ForwardAuthServer server;
    private Path passwordFile;

    @BeforeAll
    void start() throws Exception {
        slapd = new SlapdRig();
        slapd.startSeeded();
        passwordFile = Files.createTempFile(Path.of("target"), "ldap-bind-", ".txt");
        Files.writeString(passwordFile, SlapdRig.BIND_PASSWORD + "\n");
        AuthRealms realms = new AuthRealms();
        realms.put("intra", realm("intra", slapd.url(), passwordFile));
        realms.put("secure", realm("secure", slapd.tlsUrl(), passwordFile));
        realms.put("upgraded", startTls(realm("upgraded", slapd.url(), passwordFile)));
        vertx = Vertx.vertx();
        directory = new LdapDirectory(Duration.ofSeconds(2), Optional.of(slapd.caFile()), name -> null, "UNUSED");
        server = new ForwardAuthServer(vertx, "127.0.0.1:0", realms, directory,
                new SessionCodec(SessionCodec.secret(Optional.empty()), now::get), Duration.ofHours(8),
                Duration.ZERO, now::get);
        server.start();
        logs.install();
    }

    @BeforeEach
    void directoryUp() throws Exception {
        slapd.stop();
        slapd.start();
        Files.writeString(passwordFile, SlapdRig.BIND_PASSWORD + "\n");
    }

    @AfterAll
    void stop() throws Exception {
        logs.remove();
        if (server != null) {
            server.stop();
        }
        if (directory != null) {
            directory.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    private static LdapRealm realm(String route, String url, Path passwordFile) {
        return new LdapRealm(route, url, SlapdRig.PEOPLE, "(&(objectClass=inetOrgPerson)(uid={username}))",
                SlapdRig.BIND_DN, passwordFile.toString(), HEADERS, null);
    }

    private static LdapRealm startTls(LdapRealm r) {
        return new LdapRealm(r.route(), r.url(), r.baseDn(), r.userFilter(), r.bindDn(), r.bindPasswordFile(),
                r.attributes(), r.groupBaseDn(), true);
    }

    @Test
    void basicCredentialsGetTheUsersAttributesAsHeaders() throws Exception {
        HttpResponse<String> alice = auth("intra", basic("alice", SlapdRig.ALICE_PASSWORD));
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(header(alice, "X-Remote-User")).isEqualTo("alice");
        assertThat(header(alice, "X-Remote-Email")).isEqualTo("alice@example.jp");
        assertThat(header(alice, "X-Remote-Groups")).isEqualTo("admins,staff");
        assertThat(header(alice, "X-Remote-Member-Of"))
                .isEqualTo("cn=admins,ou=groups,dc=example,dc=jp,cn=staff,ou=groups,dc=example,dc=jp");
        assertThat(header(alice, "X-Remote-Name")).isEqualTo("Alice 山田");

        HttpResponse<String> bob = auth("intra", basic("bob", SlapdRig.BOB_PASSWORD));
        assertThat(bob.statusCode()).isEqualTo(200);
        assertThat(header(bob, "X-Remote-Groups")).isEqualTo("staff");
        assertThat(header(bob, "X-Remote-Email").split(",")).containsExactlyInAnyOrder("bob@example.jp", "b@example.jp");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserAreRefusedAlikeInTheSameTime() throws Exception {
        assertThat(auth("intra", basic("bob", SlapdRig.BOB_PASSWORD)).statusCode()).isEqualTo(200);
        long binds = slapd.userBinds();
        assertThat(auth("intra", basic("bob", "wrong")).statusCode()).isEqualTo(401);
        assertThat(slapd.userBinds()).as("a wrong password costs one bind").isEqualTo(binds + 1);
        assertThat(auth("intra", basic("nobody", "wrong")).statusCode()).isEqualTo(401);
        assertThat(slapd.userBinds()).as("an unknown user costs one bind too").isEqualTo(binds + 2);
        assertThat(auth("intra", basic("bob", SlapdRig.BOB_PASSWORD)).statusCode()).isEqualTo(200);
        assertThat(slapd.userBinds()).as("an acceptance costs one bind").isEqualTo(binds + 3);
        assertThat(auth("intra", basic("*", SlapdRig.BOB_PASSWORD)).statusCode()).isEqualTo(401);
        assertThat(auth("intra", basic("bob)(uid=*", SlapdRig.BOB_PASSWORD)).statusCode()).isEqualTo(401);
        assertThat(auth("intra", basic("bob", "")).statusCode()).isEqualTo(401);
        List<Long> wrong = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        List<Long> right = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            wrong.add(timed(basic("bob", "wrong-" + i), 401));
            unknown.add(timed(basic("nobody-" + i, "wrong-" + i), 401));
            right.add(timed(basic("bob", SlapdRig.BOB_PASSWORD), 200));
        }
        long w = median(wrong);
        long u = median(unknown);
        long r = median(right);
        System.out.printf("forward-auth medians: accepted %d us, wrong password %d us, unknown user %d us%n",
                r / 1000, w / 1000, u / 1000);
        assertThat(u).as("an unknown user costs about what a wrong password does").isBetween(w / 2, w * 2);
        assertThat(w).as("a refusal is not much cheaper than an acceptance").isGreaterThan(r / 3);
    }

    @Test
    void aFormLoginSetsACookieThatServesTheHeadersUntilItExpires() throws Exception {
        HttpResponse<String> challenge = send(get("/auth/intra").header("Accept", "text/html")
                .header("X-Forwarded-Uri", "/app/?q=1"));
        assertThat(challenge.statusCode()).isEqualTo(302);
        String login = challenge.headers().firstValue("Location").orElseThrow();
        assertThat(login).isEqualTo("/.converge/login?route=intra&return=%2Fapp%2F%3Fq%3D1");
        HttpResponse<String> form = send(get(login));
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("<form method=\"post\" action=\"/.converge/login\"")
                .contains("value=\"/app/?q=1\"");

        HttpResponse<String> refused = send(login(SlapdRig.ALICE_PASSWORD + "x", "/app/?q=1"));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("Wrong user name or password");
        HttpResponse<String> in = send(login(SlapdRig.ALICE_PASSWORD, "/app/?q=1"));
        assertThat(in.statusCode()).isEqualTo(303);
        assertThat(in.headers().firstValue("Location")).contains("/app/?q=1");
        String setCookie = in.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly", "SameSite=Lax", "Path=/").doesNotContain("Secure");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<String> ok = send(get("/auth/intra").header("Cookie", cookie).header("Accept", "text/html"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(header(ok, "X-Remote-User")).isEqualTo("alice");
        assertThat(header(ok, "X-Remote-Groups")).isEqualTo("admins,staff");
        assertThat(header(ok, "X-Remote-Name")).isEqualTo("Alice 山田");
        String tampered = cookie.replace(".", "x.");
        assertThat(send(get("/auth/intra").header("Cookie", tampered).header("Accept", "text/html")).statusCode())
                .isEqualTo(302);
        assertThat(send(get("/auth/intra").header("Cookie", tampered)).statusCode()).isEqualTo(401);
        assertThat(send(get("/auth/secure").header("Cookie", cookie.replace("converge_intra", "converge_secure")))
                .statusCode()).as("a cookie of another route").isEqualTo(401);
        now.set(now.get().plus(Duration.ofHours(8)));
        assertThat(send(get("/auth/intra").header("Cookie", cookie).header("Accept", "text/html")).statusCode())
                .isEqualTo(302);
    }

    @Test
    void aStoppedDirectoryAnswers503NeverAnAcceptanceAndIsUsedAgainWhenBack() throws Exception {
        assertThat(auth("intra", basic("alice", SlapdRig.ALICE_PASSWORD)).statusCode()).isEqualTo(200);
        slapd.stop();
        assertThat(auth("intra", basic("alice", SlapdRig.ALICE_PASSWORD)).statusCode()).isEqualTo(503);
        assertThat(auth("intra", basic("alice", "wrong")).statusCode()).isEqualTo(503);
        assertThat(send(login(SlapdRig.ALICE_PASSWORD, "/")).statusCode()).isEqualTo(503);
        slapd.start();
        assertThat(auth("intra", basic("alice", SlapdRig.ALICE_PASSWORD)).statusCode()).isEqualTo(200);
    }

    @Test
    void theBindPasswordComesFromItsFileIsReReadWhenItChangesAndIsNeverLogged() throws Exception {
        assertThat(auth("intra", basic("alice", SlapdRig.ALICE_PASSWORD)).statusCode()).isEqualTo(200);
        String wrong = "not-the-proxy-Pw-93";
        Files.writeString(passwordFile, wrong + "\n");
        HttpResponse<String> refused = auth("intra", basic("alice", SlapdRig.ALICE_PASSWORD));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).doesNotContain(wrong);
        assertThat(logs.text()).contains("cannot connect to " + slapd.url() + " as " + SlapdRig.BIND_DN);
        Files.writeString(passwordFile, SlapdRig.BIND_PASSWORD + "\n");
        assertThat(auth("intra", basic("alice", SlapdRig.ALICE_PASSWORD)).statusCode()).isEqualTo(200);
        assertThat(logs.text()).doesNotContain(SlapdRig.BIND_PASSWORD).doesNotContain(wrong)
                .doesNotContain(SlapdRig.ALICE_PASSWORD);
    }

    @Test
    void ldapsIsCheckedAgainstTheCaFileAndRefusedWithoutIt() throws Exception {
        HttpResponse<String> ok = auth("secure", basic("alice", SlapdRig.ALICE_PASSWORD));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(header(ok, "X-Remote-User")).isEqualTo("alice");
        AuthRealms realms = new AuthRealms();
        realms.put("secure", realm("secure", slapd.tlsUrl(), passwordFile));
        try (LdapDirectory untrusting = new LdapDirectory(Duration.ofSeconds(2), Optional.empty(), n -> null, "X")) {
            ForwardAuthServer other = new ForwardAuthServer(vertx, "127.0.0.1:0", realms, untrusting,
                    new SessionCodec(SessionCodec.secret(Optional.empty()), now::get), Duration.ofHours(1),
                    Duration.ZERO, now::get);
            other.start();
            try {
                HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(other.authUrl("secure")))
                        .header("Authorization", basic("alice", SlapdRig.ALICE_PASSWORD)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(503);
            } finally {
                other.stop();
            }
        }
    }

    @Test
    void startTlsUpgradesEveryConnectionOnTheLdapPortAndIsRefusedWithoutTheCa() throws Exception {
        long upgrades = slapd.startTlsUpgrades();
        HttpResponse<String> ok = auth("upgraded", basic("alice", SlapdRig.ALICE_PASSWORD));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(header(ok, "X-Remote-Groups")).isEqualTo("admins,staff");
        assertThat(slapd.startTlsUpgrades()).as("the pool's connection and the user's bind connection")
                .isGreaterThanOrEqualTo(upgrades + 2);
        assertThat(auth("upgraded", basic("alice", "wrong")).statusCode()).isEqualTo(401);

        AuthRealms realms = new AuthRealms();
        realms.put("upgraded", startTls(realm("upgraded", slapd.url(), passwordFile)));
        long binds = slapd.userBinds();
        try (LdapDirectory untrusting = new LdapDirectory(Duration.ofSeconds(2), Optional.empty(), n -> null, "X")) {
            ForwardAuthServer other = new ForwardAuthServer(vertx, "127.0.0.1:0", realms, untrusting,
                    new SessionCodec(SessionCodec.secret(Optional.empty()), now::get), Duration.ofHours(1),
                    Duration.ZERO, now::get);
            other.start();
            try {
                HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(other.authUrl("upgraded")))
                        .header("Authorization", basic("alice", SlapdRig.ALICE_PASSWORD)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(503);
            } finally {
                other.stop();
            }
        }
        assertThat(slapd.userBinds()).as("no user's password went out in the clear").isEqualTo(binds);
    }

    private long timed(String authorization, int status) throws Exception {
        long t0 = System.nanoTime();
        assertThat(auth("intra", authorization).statusCode()).isEqualTo(status);
        return System.nanoTime() - t0;
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private HttpResponse<String> auth(String route, String authorization) throws Exception {
        return send(get("/auth/" + route).header("Authorization", authorization));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://" + server.address() + path)).GET();
    }

    private HttpRequest.Builder login(String password, String back) {
        String form = "route=intra&username=alice&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&return=" + URLEncoder.encode(back, StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create("http://" + server.address() + ForwardAuthServer.LOGIN_PATH))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A header as the upstream reads it: its bytes as UTF-8. */
    private static String header(HttpResponse<?> response, String name) {
        String raw = response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no header " + name));
        return new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
