package io.converge.dns.powerdns;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.converge.dns.Change;
import io.converge.dns.RecordSet;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * After each PATCH, the names it changed are flushed from PowerDNS's caches once per delay (a loopback HTTP server
 * stands in for PowerDNS's API and records the requests; the effect on a real PowerDNS is in the dns benchmark's
 * count of changes slower than 1 s).
 */
class CacheFlusherTest {
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            byte[] body = "{}".getBytes();
            exchange.sendResponseHeaders(exchange.getRequestMethod().equals("PATCH") ? 204 : 200,
                    exchange.getRequestMethod().equals("PATCH") ? -1 : body.length);
            if (!exchange.getRequestMethod().equals("PATCH")) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theChangedNamesAreFlushedAfterEachDelayAndNothingElse() throws Exception {
        URI api = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        PowerDnsProvider dns = new PowerDnsProvider(api, "localhost", "key", Duration.ofSeconds(2), 8,
                List.of(Duration.ofMillis(400), Duration.ofMillis(800)));
        RecordSet cname = new RecordSet("app.example.jp.", "CNAME", 60, List.of("dc-a.example.jp."));
        RecordSet owner = new RecordSet("_converge.app.example.jp.", "TXT", 60, List.of("\"converge owner=c1\""));
        dns.apply("example.jp.", List.of(new Change(null, cname), new Change(null, owner)));
        assertThat(requests).containsExactly("PATCH /api/v1/servers/localhost/zones/example.jp.");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (requests.size() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        String flushApp = "PUT /api/v1/servers/localhost/cache/flush?domain=app.example.jp.";
        String flushOwner = "PUT /api/v1/servers/localhost/cache/flush?domain=_converge.app.example.jp.";
        assertThat(requests).containsExactly("PATCH /api/v1/servers/localhost/zones/example.jp.",
                flushOwner, flushApp, flushOwner, flushApp);
        dns.apply("example.jp.", List.of());
        Thread.sleep(1000);
        assertThat(requests).hasSize(5);
    }
}
