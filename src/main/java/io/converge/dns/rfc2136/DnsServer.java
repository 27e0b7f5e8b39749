package io.converge.dns.rfc2136;

import io.converge.dns.DnsException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * One authoritative server as converge talks to it: updates and transfers over TCP, reads over UDP (falling back to
 * TCP for a truncated answer), every message signed with one TSIG key, sent to the server itself (no recursion
 * asked, no resolver in between). Failures become {@link DnsException}s naming the server and what happened
 * (refused connection, no answer within the timeout, the RCODE and TSIG error). dnsjava keeps one TCP connection
 * per server open between messages: a message sent on it as the server closes it (a restart, Knot's idle timeout)
 * fails as "connection closed ... before it answered", and the next one connects anew.
 */
final class DnsServer {
    private final String host;
    private final int port;
    private final TSIG key;
    private final String keyName;

    /**
     * @param server    {@code host:port}, {@code [v6]:port} or {@code host} (port 53)
     * @param algorithm a TSIG algorithm name ({@code hmac-sha256}, ...); blank for {@code hmac-sha256}
     * @param secret    the key's base64 secret (never printed)
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    DnsServer(String server, String keyName, String algorithm, String secret) {
        HostPort hp = HostPort.parse(server);
        this.host = hp.host();
        this.port = hp.port();
        if (keyName == null || keyName.isBlank()) {
            throw new IllegalArgumentException("rfc2136: a TSIG key name is required");
        }
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("rfc2136: the TSIG secret of key " + keyName + " is empty");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(secret.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rfc2136: the TSIG secret of key " + keyName + " is not base64");
        }
        Name alg = algorithm(algorithm == null || algorithm.isBlank() ? "hmac-sha256" : algorithm.strip());
        Name name = RecordCodec.name(keyName.endsWith(".") ? keyName : keyName + ".");
        this.key = new TSIG(alg, name, bytes);
        this.keyName = keyName;
    }

    private static Name algorithm(String name) {
        try {
            return TSIG.algorithmToName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rfc2136: not a TSIG algorithm: " + name + " (hmac-sha256, hmac-sha512, ...)");
        }
    }

    @Override
    public String toString() {
        return host + ":" + port + " (key " + keyName + ")";
    }

    /** Sends {@code query} signed; the answer (any RCODE) or a DnsException when none came within {@code timeout}. */
    Message send(Message query, Duration timeout, String operation, String zone) throws DnsException {
        return await(sendAsync(query, timeout), timeout, operation, zone);
    }

    /** Sends {@code query} signed over TCP, without waiting; {@link #await} the result. */
    CompletableFuture<Message> sendAsync(Message query, Duration timeout) {
        return sendAsync(query, timeout, true);
    }

    /**
     * Sends {@code query} signed, without waiting; over UDP unless {@code tcp} (a truncated UDP answer is asked again
     * over TCP); {@link #await} the result.
     */
    CompletableFuture<Message> sendAsync(Message query, Duration timeout, boolean tcp) {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(host, port));
        resolver.setTCP(tcp);
        resolver.setTSIGKey(key);
        resolver.setTimeout(timeout);
        return resolver.sendAsync(query).toCompletableFuture();
    }

    /** The answer of a {@link #sendAsync} future, failures mapped as {@link #send} maps them. */
    Message await(CompletableFuture<Message> answer, Duration timeout, String operation, String zone)
            throws DnsException {
        try {
            return answer.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            throw failure(e.getCause(), timeout, operation, zone);
        } catch (TimeoutException e) {
            throw failure(e, timeout, operation, zone);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DnsException(operation, zone, "interrupted", false);
        }
    }

    /** Every record of {@code zone} by one signed AXFR. */
    List<Record> transfer(String zone, Duration timeout) throws DnsException {
        ZoneTransferIn xfr = ZoneTransferIn.newAXFR(RecordCodec.name(zone), new InetSocketAddress(host, port), key);
        xfr.setTimeout(timeout);
        try {
            xfr.run();
            return xfr.getAXFR();
        } catch (ZoneTransferException e) {
            throw new DnsException("axfr", zone, "refused by " + this + ": " + e.getMessage(), false);
        } catch (Exception e) {
            throw failure(e, timeout, "axfr", zone);
        }
    }

    /** The RCODE's name, with the TSIG error when the answer carries one ({@code NOTAUTH (TSIG BADSIG)}). */
    static String rcode(Message answer) {
        String text = Rcode.string(answer.getRcode());
        TSIGRecord tsig = answer.getTSIG();
        if (tsig != null && tsig.getError() != Rcode.NOERROR) {
            text += " (TSIG " + Rcode.TSIGstring(tsig.getError()) + ")";
        }
        return text;
    }

    private DnsException failure(Throwable cause, Duration timeout, String operation, String zone) {
        String why;
        if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
            why = "no answer from " + this + " within " + timeout.toMillis() + " ms (timeout)";
        } else if (cause instanceof ConnectException) {
            why = "connection refused by " + this;
        } else if (cause instanceof EOFException || cause instanceof ClosedChannelException) {
            // the server closed the connection: seen as an end of stream, or as a closed channel when the close
            // raced the write of the query
            why = "connection closed by " + this + " before it answered";
        } else {
            why = this + ": " + cause;
        }
        return new DnsException(operation, zone, why, false);
    }
}
