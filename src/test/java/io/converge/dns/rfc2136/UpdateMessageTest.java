package io.converge.dns.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.converge.dns.Change;
import io.converge.dns.RecordSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

class UpdateMessageTest {
    private static final String ZONE = "example.jp.";

    private static RecordSet set(String name, String type, String... values) {
        return new RecordSet(name, type, 300, List.of(values));
    }

    /** Each record of a section as {@code name ttl class type rdata}. */
    private static List<String> section(Message m, int section) {
        return m.getSection(section).stream().map(UpdateMessageTest::line).toList();
    }

    private static String line(Record r) {
        return (r.getName() + " " + r.getTTL() + " " + DClass.string(r.getDClass()) + " " + Type.string(r.getType())
                + " " + r.rdataToString()).strip();
    }

    @Test
    void aNewCnameAndItsOwnerTxtAtAnotherNameRequireBothSetsAndWhatTheyCannotSitBesideAbsentAndAddThem() {
        Update u = UpdateMessage.of(ZONE, List.of(
                new Change(null, set("svc.example.jp.", "CNAME", "dc-a.example.jp.")),
                new Change(null, set("_converge.svc.example.jp.", "TXT", "\"converge owner=c1\""))));

        assertThat(u.getHeader().getOpcode()).isEqualTo(Opcode.UPDATE);
        assertThat(section(u, Section.ZONE)).containsExactly("example.jp. 0 IN SOA");
        assertThat(section(u, Section.PREREQ)).containsExactly(
                "_converge.svc.example.jp. 0 NONE TXT",
                "_converge.svc.example.jp. 0 NONE CNAME",
                "svc.example.jp. 0 NONE CNAME",
                "svc.example.jp. 0 NONE A",
                "svc.example.jp. 0 NONE TXT",
                "svc.example.jp. 0 NONE AAAA");
        assertThat(section(u, Section.UPDATE)).containsExactly(
                "_converge.svc.example.jp. 300 IN TXT \"converge owner=c1\"",
                "svc.example.jp. 300 IN CNAME dc-a.example.jp.");
    }

    @Test
    void replacingAnAByACnameDeletesTheAFirstWhateverTheOrderOfTheChanges() {
        Update u = UpdateMessage.of(ZONE, List.of(
                new Change(null, set("svc.example.jp.", "CNAME", "dc-a.example.jp.")),
                new Change(set("svc.example.jp.", "A", "192.0.2.1", "192.0.2.2"), null)));

        assertThat(section(u, Section.PREREQ)).containsExactly(
                "svc.example.jp. 0 IN A 192.0.2.1",
                "svc.example.jp. 0 IN A 192.0.2.2",
                "svc.example.jp. 0 NONE CNAME",
                "svc.example.jp. 0 NONE TXT",
                "svc.example.jp. 0 NONE AAAA");
        assertThat(section(u, Section.UPDATE)).containsExactly(
                "svc.example.jp. 0 ANY A",
                "svc.example.jp. 300 IN CNAME dc-a.example.jp.");
    }

    @Test
    void aChangedTargetRequiresTheOldValueThenReplacesTheSet() {
        Update u = UpdateMessage.of(ZONE, List.of(new Change(set("svc.example.jp.", "CNAME", "dc-a.example.jp."),
                set("svc.example.jp.", "CNAME", "dc-b.example.jp.").withTtl(60))));

        assertThat(section(u, Section.PREREQ)).containsExactly("svc.example.jp. 0 IN CNAME dc-a.example.jp.");
        assertThat(section(u, Section.UPDATE)).containsExactly(
                "svc.example.jp. 0 ANY CNAME",
                "svc.example.jp. 60 IN CNAME dc-b.example.jp.");
    }

    @Test
    void dataReplacingACnameInTheSameMessageRequiresOnlyThatCnameAndItsOwnAbsence() {
        Update u = UpdateMessage.of(ZONE, List.of(
                new Change(set("svc.example.jp.", "CNAME", "dc-a.example.jp."), null),
                new Change(null, set("svc.example.jp.", "A", "192.0.2.1"))));

        assertThat(section(u, Section.PREREQ)).containsExactly(
                "svc.example.jp. 0 NONE A",
                "svc.example.jp. 0 IN CNAME dc-a.example.jp.");
        assertThat(section(u, Section.UPDATE)).containsExactly(
                "svc.example.jp. 0 ANY CNAME",
                "svc.example.jp. 300 IN A 192.0.2.1");
    }

    @Test
    void aDeletionRequiresWhatWasReadAndAddsNothing() {
        Update u = UpdateMessage.of(ZONE, List.of(
                new Change(set("_converge.svc.example.jp.", "TXT", "\"converge owner=c1\""), null)));

        assertThat(section(u, Section.PREREQ)).containsExactly(
                "_converge.svc.example.jp. 0 IN TXT \"converge owner=c1\"");
        assertThat(section(u, Section.UPDATE)).containsExactly("_converge.svc.example.jp. 0 ANY TXT");
    }

    @Test
    void namesAreInOrderAndEachNameHasItsDeletionsBeforeItsAdditions() {
        Update u = UpdateMessage.of(ZONE, List.of(
                new Change(null, set("b.example.jp.", "AAAA", "2001:db8::1")),
                new Change(set("a.example.jp.", "TXT", "\"x\""), set("a.example.jp.", "TXT", "\"y\"")),
                new Change(set("b.example.jp.", "A", "192.0.2.1"), null)));

        assertThat(section(u, Section.PREREQ)).containsExactly(
                "a.example.jp. 0 IN TXT \"x\"",
                "b.example.jp. 0 IN A 192.0.2.1",
                "b.example.jp. 0 NONE AAAA",
                "b.example.jp. 0 NONE CNAME");
        assertThat(section(u, Section.UPDATE)).containsExactly(
                "a.example.jp. 0 ANY TXT",
                "a.example.jp. 300 IN TXT \"y\"",
                "b.example.jp. 0 ANY A",
                "b.example.jp. 300 IN AAAA 2001:db8:0:0:0:0:0:1");
    }

    @Test
    void theMessageSurvivesTheWire() throws Exception {
        Update u = UpdateMessage.of(ZONE, List.of(
                new Change(set("svc.example.jp.", "A", "192.0.2.1"), set("svc.example.jp.", "A", "192.0.2.9"))));

        Message parsed = new Message(u.toWire());

        assertThat(section(parsed, Section.PREREQ)).containsExactly("svc.example.jp. 0 IN A 192.0.2.1");
        assertThat(section(parsed, Section.UPDATE)).containsExactly(
                "svc.example.jp. 0 ANY A", "svc.example.jp. 300 IN A 192.0.2.9");
    }

    @Test
    void badChangesAreRefusedNamingThem() {
        assertThatThrownBy(() -> UpdateMessage.of(ZONE, List.of(new Change(null, set("svc.example.com.", "A", "192.0.2.1")))))
                .hasMessageContaining("svc.example.com. is outside the zone example.jp.");
        assertThatThrownBy(() -> UpdateMessage.of(ZONE, List.of(
                new Change(null, set("svc.example.jp.", "A", "192.0.2.1")),
                new Change(set("svc.example.jp.", "A", "192.0.2.2"), null))))
                .hasMessageContaining("two changes of svc.example.jp. A");
        assertThatThrownBy(() -> UpdateMessage.of(ZONE, List.of(new Change(null, set("svc.example.jp.", "A", "192.0.2.300")))))
                .hasMessageContaining("not a valid A value at svc.example.jp.: 192.0.2.300");
        assertThatThrownBy(() -> UpdateMessage.of(ZONE, List.of(new Change(null, set("svc.example.jp.", "MX", "10 mx.example.jp.")))))
                .hasMessageContaining("a type converge does not manage: MX");
    }
}
