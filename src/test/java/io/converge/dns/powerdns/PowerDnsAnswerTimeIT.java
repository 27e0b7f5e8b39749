package io.converge.dns.powerdns;

import static org.assertj.core.api.Assertions.assertThat;

import io.converge.dns.Change;
import io.converge.dns.RecordSet;
import io.converge.it.PowerDnsRig;
import io.converge.it.RawDnsQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How soon PowerDNS serves what {@link PowerDnsProvider#apply} wrote: the time from apply's return to the first UDP
 * answer that differs from the one served (and so cached) just before, over {@value #CHANGES} CNAME moves; the API
 * purges PowerDNS's packet and query caches for the zone, so no cache TTL is waited for. The target for
 * the whole chain (catalog event to DNS answer) is 100 ms; this is the provider's share of it. Prints one line:
 * {@code powerdns: apply-ms-p50 = N, apply-to-answer-ms-p50 = N (max N, N/M at the first query)}.
 */
class PowerDnsAnswerTimeIT {
    static final int CHANGES = 21;
    static final String ZONE = "example.jp.";
    static final String SVC = "svc.example.jp.";

    PowerDnsRig rig;
    PowerDnsProvider dns;

    @BeforeEach
    void start() throws Exception {
        rig = PowerDnsRig.start();
        rig.createZone(ZONE);
        dns = new PowerDnsProvider(rig.api(), "localhost", PowerDnsRig.API_KEY, Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    static RecordSet target(int site) {
        return new RecordSet(SVC, "CNAME", 60, List.of("dc-" + site + ".example.jp."));
    }

    @Test
    void aChangeIsAnsweredRightAfterApplyReturns() throws Exception {
        dns.apply(ZONE, List.of(new Change(null, target(0))));
        double[] applyMs = new double[CHANGES];
        double[] answerMs = new double[CHANGES];
        int atFirstQuery = 0;
        for (int i = 0; i < CHANGES; i++) {
            byte[] old = RawDnsQuery.ask(rig.dnsPort, SVC, "CNAME");
            assertThat(RawDnsQuery.ask(rig.dnsPort, SVC, "CNAME")).as("served from the cache").isEqualTo(old);
            long before = System.nanoTime();
            dns.apply(ZONE, List.of(new Change(target(i), target(i + 1))));
            long returned = System.nanoTime();
            int queries = 0;
            do {
                queries++;
                assertThat(System.nanoTime() - returned).as("answer changed within 5 s").isLessThan(5_000_000_000L);
            } while (Arrays.equals(RawDnsQuery.ask(rig.dnsPort, SVC, "CNAME"), old));
            long visible = System.nanoTime();
            applyMs[i] = (returned - before) / 1e6;
            answerMs[i] = (visible - returned) / 1e6;
            atFirstQuery += queries == 1 ? 1 : 0;
            assertThat(rig.dig(SVC, "CNAME")).containsExactly("svc.example.jp. 60 IN CNAME dc-" + (i + 1)
                    + ".example.jp.");
        }
        System.out.printf(Locale.ROOT, "powerdns: apply-ms-p50 = %.1f, apply-to-answer-ms-p50 = %.2f (max %.2f, "
                + "%d/%d at the first query)%n", median(applyMs), median(answerMs),
                Arrays.stream(answerMs).max().orElseThrow(), atFirstQuery, CHANGES);
        assertThat(median(answerMs)).isLessThanOrEqualTo(100.0);
    }

    static double median(double[] values) {
        List<Double> sorted = new ArrayList<>(Arrays.stream(values).boxed().sorted().toList());
        return sorted.get(sorted.size() / 2);
    }
}
