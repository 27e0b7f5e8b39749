package io.converge.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The routes bench's backends: JDK HTTP servers in the bench's JVM on free 127.0.0.1 ports, each answering every
 * request with one fixed body (200, {@code text/html}, with a Content-Length, HTTP/1.1 keep-alive), on one thread and
 * with an accept backlog of 1024. Like a {@code busybox httpd} serving one small file, without its fork per
 * connection, which would be most of what a throughput figure measured. Its sockets are set TCP_NODELAY
 * ({@code sun.net.httpserver.nodelay}, read once per JVM when the first JDK server starts): without it, Nagle's
 * algorithm holds each body until the client's delayed ACK of the headers, 40 ms per request on a kept-alive
 * connection. All stopped by {@link #close}.
 */
final class StaticBackends implements AutoCloseable {
    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final List<HttpServer> servers = new ArrayList<>();

    /** A server answering {@code body}; returns its port. */
    int serve(String body) throws IOException {
        return serve(port -> body);
    }

    /** A server answering its own port number (decimal, and a newline); returns that port. */
    int serveOwnPort() throws IOException {
        return serve(port -> port + "\n");
    }

    private int serve(IntFunction<String> body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        byte[] bytes = body.apply(server.getAddress().getPort()).getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        servers.add(server);
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
    }
}
