package io.converge.dns.powerdns;

import io.converge.dns.DnsException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One PowerDNS server's HTTP API ({@code /api/v1/servers/<id>}) over the JDK HTTP client, authenticated by
 * {@code X-API-Key}. A call answered other than 2xx, or not answered, is a {@link DnsException} naming the zone, the
 * HTTP status and PowerDNS's own words.
 */
final class PowerDnsApi {
    /** What the server answered, whatever the status. */
    record Answer(int status, byte[] body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final String base;
    private final String serverId;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient http;

    PowerDnsApi(URI base, String serverId, String apiKey, Duration timeout) {
        String url = base.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.serverId = serverId;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The URL of the server resource, {@code <base>/api/v1/servers/<id>}. */
    String server() {
        return base + "/api/v1/servers/" + encode(serverId);
    }

    /** {@code <operation> <zone>} on the zone resource plus {@code query} (may be empty); the 2xx body. */
    byte[] zone(String operation, String zone, String method, String query, byte[] body) throws DnsException {
        String url = server() + "/zones/" + encode(zone) + query;
        Answer answer;
        try {
            answer = send(method, url, body, timeout);
        } catch (IOException e) {
            throw new DnsException(operation, zone, unreachable(e, timeout), false);
        }
        if (!answer.ok()) {
            throw new DnsException(operation, zone, refusal(answer, zone), false);
        }
        return answer.body();
    }

    /** Sends one request; a connection failure or a timeout is an {@link IOException}. */
    Answer send(String method, String url, byte[] body, Duration limit) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(limit)
                .header("X-API-Key", apiKey).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Why a request got no answer, naming the API's address. */
    String unreachable(IOException e, Duration limit) {
        if (e instanceof HttpTimeoutException) {
            return "the PowerDNS API at " + base + " did not answer within " + limit.toMillis() + " ms";
        }
        String message = e.getMessage();
        return "the PowerDNS API at " + base + " cannot be reached: " + e.getClass().getSimpleName()
                + (message == null ? "" : " " + message);
    }

    /** What a non-2xx answer about {@code zone} (null: about the server resource) means, with PowerDNS's words. */
    String refusal(Answer answer, String zone) {
        String words = Rrsets.error(answer.body());
        return switch (answer.status()) {
            case 401, 403 -> "PowerDNS at " + base + " refused the API key (HTTP " + answer.status() + ": " + words
                    + ")";
            case 404 -> (zone == null ? "PowerDNS at " + base + " has no server " + serverId
                    : "PowerDNS server " + serverId + " at " + base + " has no zone " + zone) + " (HTTP 404: " + words
                    + ")";
            default -> "PowerDNS refused (HTTP " + answer.status() + "): " + words;
        };
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
