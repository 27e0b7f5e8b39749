package io.converge.it;

import java.util.List;

/**
 * A real authoritative DNS server started by a test on a free loopback port ({@link BindRig}, {@link KnotRig}): the
 * zones {@value #ZONE} and {@value #OTHER_ZONE}, a TSIG key {@value #KEY} (hmac-sha256) that may update and transfer
 * them, and the operator's own records in {@value #ZONE}: {@code ns1} A 127.0.0.1, {@code dc-a} A 192.0.2.10,
 * {@code dc-b} A 192.0.2.11, {@code foreign} A 192.0.2.50 and TXT "hand-made". The server's own tools ask it
 * ({@code dig}/{@code kdig}, {@code nsupdate}/{@code knsupdate}).
 */
public interface AuthoritativeRig extends AutoCloseable {
    String KEY = "converge-test";
    String ZONE = "example.jp.";
    String OTHER_ZONE = "example.net.";

    /** The engine's name as a report names it ({@code bind}, {@code knot}). */
    String engine();

    /** The loopback port it answers on (UDP and TCP). */
    int port();

    /** {@code 127.0.0.1:<port>} */
    default String server() {
        return "127.0.0.1:" + port();
    }

    /** The key's base64 secret. */
    String secret();

    /** A TCP query without recursion, {@code +short}: the answer's lines, sorted. */
    List<String> dig(String name, String type);

    /** A TCP query without recursion printing the answer section (TTL included), blanks squeezed, sorted. */
    List<String> digAnswer(String name, String type);

    /** A signed dynamic update of {@code zone} with {@code commands} (one per line, without server and send). */
    void nsupdate(String zone, String... commands);

    /** Stops the server and waits for it (the rig stays closable). */
    void stop() throws InterruptedException;

    @Override
    void close() throws InterruptedException;
}
