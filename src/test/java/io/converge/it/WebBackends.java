package io.converge.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Backends for proxy tests on 127.0.0.1, all stopped by {@link #close}: {@code busybox httpd} processes serving
 * their name, a JDK echo server answering with its name and the request's path and headers, and a small
 * forward-auth server.
 */
public final class WebBackends implements AutoCloseable {
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final Thread reaper = new Thread(this::close, "web-backends-reaper");
    private final List<HttpServer> servers = new ArrayList<>();

    /** Backends whose files and logs go to {@code dir}; their processes are also killed when the JVM exits. */
    public WebBackends(Path dir) {
        this.dir = dir;
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** A {@code busybox httpd} answering {@code name} for {@code /} and any path it is not given. */
    public int httpd(String name) throws IOException, InterruptedException {
        int port = ConsulAgent.freePort();
        Path home = dir.resolve("httpd-" + name);
        Files.createDirectories(home);
        Files.writeString(home.resolve("index.html"), name);
        Files.writeString(home.resolve("httpd.conf"), "E404:index.html\n");
        Process p = new ProcessBuilder("busybox", "httpd", "-f", "-p", "127.0.0.1:" + port, "-h", home.toString(),
                "-c", home.resolve("httpd.conf").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("httpd-" + name + ".log").toFile()).start();
        processes.add(p);
        awaitListening(port, p);
        return port;
    }

    /** An echo server: {@code name path} then one {@code header: value} line per request header (lower case). */
    public int echo(String name) throws IOException {
        return serve(exchange -> {
            StringBuilder b = new StringBuilder(name).append(' ').append(exchange.getRequestURI()).append('\n');
            new TreeMap<>(exchange.getRequestHeaders()).forEach((k, v) ->
                    b.append(k.toLowerCase()).append(": ").append(String.join(",", v)).append('\n'));
            return new Answer(200, List.of(), b.toString());
        });
    }

    /** An answer of the test's own servers: status, response headers as {@code name, value} pairs, body. */
    public record Answer(int status, List<String> headers, String body) {
    }

    /** A JDK server on a free loopback port answering every request with {@code handler}. */
    public int serve(Function<HttpExchange, Answer> handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", ConsulAgent.freePort()), 16);
        server.createContext("/", exchange -> {
            Answer a = handler.apply(exchange);
            for (int i = 0; i < a.headers().size(); i += 2) {
                exchange.getResponseHeaders().add(a.headers().get(i), a.headers().get(i + 1));
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        servers.add(server);
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        for (Process p : processes) {
            p.destroyForcibly();
        }
        if (Thread.currentThread() != reaper) {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    private static void awaitListening(int port, Process p) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IOException("busybox httpd on port " + port + " did not come up", notYet);
                }
                Thread.sleep(20);
            }
        }
    }
}
