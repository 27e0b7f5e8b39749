package io.converge.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * One DNS question over UDP to a loopback server, without recursion, answered as the raw reply (its id zeroed): cheap
 * enough (well under a millisecond) to time when a change becomes visible, where a {@code dig} process would
 * cost more than what it measures. Two replies are equal when the server said the same thing.
 */
public final class RawDnsQuery {
    private static final Map<String, Integer> TYPES = Map.of("A", 1, "NS", 2, "CNAME", 5, "SOA", 6, "TXT", 16,
            "AAAA", 28);

    private RawDnsQuery() {
    }

    /** The reply of 127.0.0.1:{@code port} to {@code name} {@code type} (IN), its id set to 0. */
    public static byte[] ask(int port, String name, String type) throws IOException {
        byte[] question = question(name, TYPES.get(type));
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(2000);
            InetAddress loopback = InetAddress.getLoopbackAddress();
            socket.send(new DatagramPacket(question, question.length, loopback, port));
            byte[] buffer = new byte[4096];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            byte[] bytes = Arrays.copyOf(buffer, reply.getLength());
            bytes[0] = 0;
            bytes[1] = 0;
            return bytes;
        }
    }

    private static byte[] question(String name, int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        out.write(0);
        out.writeBytes(new byte[] {(byte) (type >> 8), (byte) type, 0, 1});
        return out.toByteArray();
    }
}
