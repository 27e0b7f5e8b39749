package io.converge.dns.rfc2136;

import io.converge.dns.DnsException;
import io.converge.dns.RecordSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Reads record sets from the server: signed UDP queries for given names and types (sent together, answered
 * authoritatively or refused), or one signed AXFR of the zone. Only records owned by the asked names and of the
 * asked types are kept: an answer to {@code A} at a CNAME's name carries the CNAME and its target's data, which
 * belong to other questions.
 */
final class ZoneReader {
    /** One question: an absolute lower-case name and a managed type. */
    record Question(String name, int type) {
    }

    private final DnsServer server;
    private final Duration timeout;

    ZoneReader(DnsServer server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
    }

    /** The record sets answering {@code questions}, all sent at once (over UDP). */
    List<RecordSet> query(String zone, List<Question> questions) throws DnsException {
        List<CompletableFuture<Message>> answers = new ArrayList<>();
        for (Question q : questions) {
            Record question = Record.newRecord(RecordCodec.name(q.name()), q.type(), DClass.IN);
            Message message = Message.newQuery(question);
            message.getHeader().unsetFlag(Flags.RD);
            answers.add(server.sendAsync(message, timeout, false));
        }
        List<Record> records = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            Message answer = server.await(answers.get(i), timeout, "read", zone);
            checkAnswer(zone, q, answer);
            Name owner = RecordCodec.name(q.name());
            answer.getSection(Section.ANSWER).stream()
                    .filter(r -> r.getType() == q.type() && r.getName().equals(owner)).forEach(records::add);
            names.add(q.name());
        }
        return RecordCodec.sets(records, names);
    }

    /**
     * Asks for the SOA of {@code zone}.
     *
     * @throws DnsException when the server does not answer it authoritatively, signed, with the SOA
     */
    void soa(String zone) throws DnsException {
        Question q = new Question(zone, Type.SOA);
        Message query = Message.newQuery(Record.newRecord(RecordCodec.name(zone), Type.SOA, DClass.IN));
        query.getHeader().unsetFlag(Flags.RD);
        Message answer = server.send(query, timeout, "probe", zone);
        checkAnswer(zone, q, answer);
        if (answer.getSection(Section.ANSWER).stream().noneMatch(r -> r.getType() == Type.SOA)) {
            throw new DnsException("probe", zone, "no SOA in the answer of " + server, false);
        }
    }

    /** The managed record sets at {@code names} ({@code null}: every name), from one AXFR of {@code zone}. */
    List<RecordSet> transfer(String zone, Set<String> names) throws DnsException {
        return RecordCodec.sets(server.transfer(zone, timeout), names);
    }

    /**
     * Checks that {@code answer} is an authoritative, signed NOERROR or NXDOMAIN.
     *
     * @throws DnsException naming the question and what is wrong
     */
    void checkAnswer(String zone, Question q, Message answer) throws DnsException {
        String asked = q.name() + " " + Type.string(q.type());
        int rcode = answer.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new DnsException("read", zone, asked + ": " + DnsServer.rcode(answer) + " from " + server, false);
        }
        if (!answer.getHeader().getFlag(Flags.AA)) {
            throw new DnsException("read", zone, asked + ": " + server + " is not authoritative for it", false);
        }
        if (!answer.isVerified()) {
            throw new DnsException("read", zone, asked + ": the answer of " + server + " is not signed with the key",
                    false);
        }
    }
}
