package io.converge.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsPlannerTest {
    private static final String OWNER = "c1";
    private static final String SELF = "dnsrecords/web";
    private static final String NAME = "web.example.jp.";
    private static final String OWN = "_converge.web.example.jp.";

    private static RecordSet set(String name, String type, String... values) {
        return new RecordSet(name, type, 60, List.of(values));
    }

    private static String entry(String owner, String resource, RecordSet owned) {
        return new Ownership.Entry(owner, resource, owned.type(), Ownership.sum(owned)).text();
    }

    @Test
    void aFreeNameGetsTheSetAndAnOwnershipEntryInOneChangeList() {
        RecordSet want = set(NAME, "CNAME", "dc-a.example.jp.");
        DnsPlanner.Plan plan = DnsPlanner.plan(OWNER, SELF, want, List.of());
        assertThat(plan.conflict()).isEmpty();
        assertThat(plan.published()).contains(want);
        assertThat(plan.changes()).containsExactlyInAnyOrder(new Change(null, want),
                new Change(null, set(OWN, "TXT", entry(OWNER, SELF, want))));
    }

    @Test
    void anOwnedSetInPlaceIsLeftAsItIs() {
        RecordSet want = set(NAME, "CNAME", "dc-a.example.jp.");
        List<RecordSet> zone = List.of(want, set(OWN, "TXT", entry(OWNER, SELF, want)));
        DnsPlanner.Plan plan = DnsPlanner.plan(OWNER, SELF, want, zone);
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.published()).contains(want);
    }

    @Test
    void aFailoverReplacesTheTargetAndTheDigest() {
        RecordSet was = set(NAME, "CNAME", "dc-a.example.jp.");
        RecordSet want = set(NAME, "CNAME", "dc-b.example.jp.");
        RecordSet ownWas = set(OWN, "TXT", entry(OWNER, SELF, was));
        DnsPlanner.Plan plan = DnsPlanner.plan(OWNER, SELF, want, List.of(was, ownWas));
        assertThat(plan.changes()).containsExactlyInAnyOrder(new Change(was, want),
                new Change(ownWas, set(OWN, "TXT", entry(OWNER, SELF, want))));
    }

    @Test
    void nothingWantedDeletesOnlyWhatThisResourceOwns() {
        RecordSet mine = set(NAME, "A", "192.0.2.1");
        RecordSet theirs = set(NAME, "TXT", "\"hello\"");
        String other = entry(OWNER, "dnsrecords/other", theirs);
        RecordSet own = set(OWN, "TXT", entry(OWNER, SELF, mine), other);
        DnsPlanner.Plan plan = DnsPlanner.plan(OWNER, SELF, null, List.of(mine, theirs, own));
        assertThat(plan.changes()).containsExactlyInAnyOrder(new Change(mine, null),
                new Change(own, set(OWN, "TXT", other)));
        assertThat(plan.released()).containsExactly(NAME);
    }

    @Test
    void theLastEntryGoneDeletesTheOwnershipSet() {
        RecordSet mine = set(NAME, "A", "192.0.2.1");
        RecordSet own = set(OWN, "TXT", entry(OWNER, SELF, mine));
        assertThat(DnsPlanner.plan(OWNER, SELF, null, List.of(mine, own)).changes())
                .containsExactlyInAnyOrder(new Change(mine, null), new Change(own, null));
    }

    @Test
    void aForeignSetAtTheNameIsAConflictAndNothingChanges() {
        RecordSet foreign = set(NAME, "CNAME", "elsewhere.example.com.");
        DnsPlanner.Plan plan = DnsPlanner.plan(OWNER, SELF, set(NAME, "CNAME", "dc-a.example.jp."), List.of(foreign));
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.published()).isEmpty();
        assertThat(plan.conflict()).hasValueSatisfying(c -> assertThat(c)
                .contains("CNAME elsewhere.example.com.").contains("does not own"));
    }

    @Test
    void aCnameCannotGoBesideForeignDataNorOtherDataBesideAForeignCname() {
        RecordSet foreignA = set(NAME, "A", "192.0.2.9");
        assertThat(DnsPlanner.plan(OWNER, SELF, set(NAME, "CNAME", "dc-a.example.jp."), List.of(foreignA))
                .conflict()).hasValueSatisfying(c -> assertThat(c).contains("a CNAME cannot sit beside other data"));
        RecordSet foreignCname = set(NAME, "CNAME", "x.example.com.");
        assertThat(DnsPlanner.plan(OWNER, SELF, set(NAME, "TXT", "\"t\""), List.of(foreignCname)).conflict())
                .hasValueSatisfying(c -> assertThat(c).contains("nothing can sit beside a CNAME"));
    }

    @Test
    void aSetOfAnotherTypeBesideIsNoConflict() {
        RecordSet foreignTxt = set(NAME, "TXT", "\"v=spf1 -all\"");
        RecordSet want = set(NAME, "A", "192.0.2.1");
        DnsPlanner.Plan plan = DnsPlanner.plan(OWNER, SELF, want, List.of(foreignTxt));
        assertThat(plan.conflict()).isEmpty();
        assertThat(plan.changes()).contains(new Change(null, want));
        assertThat(plan.changes()).noneMatch(c -> c.before() != null && c.before().equals(foreignTxt));
    }

    @Test
    void anotherResourceOrClusterHoldingTheNameIsNamed() {
        RecordSet held = set(NAME, "A", "192.0.2.1");
        RecordSet want = set(NAME, "A", "192.0.2.2");
        List<RecordSet> byOther = List.of(held, set(OWN, "TXT", entry(OWNER, "dnsrecords/first", held)));
        assertThat(DnsPlanner.plan(OWNER, SELF, want, byOther).conflict())
                .hasValueSatisfying(c -> assertThat(c).contains("dnsrecords/first"));
        List<RecordSet> byCluster = List.of(held, set(OWN, "TXT", entry("c2", SELF, held)));
        assertThat(DnsPlanner.plan(OWNER, SELF, want, byCluster).conflict())
                .hasValueSatisfying(c -> assertThat(c).contains("converge owner 'c2'"));
        assertThat(DnsPlanner.plan(OWNER, SELF, want, byCluster).changes()).isEmpty();
    }

    @Test
    void aSetEditedByHandIsAConflictAndNeverOverwritten() {
        RecordSet wrote = set(NAME, "A", "192.0.2.1");
        RecordSet edited = set(NAME, "A", "198.51.100.7");
        List<RecordSet> zone = List.of(edited, set(OWN, "TXT", entry(OWNER, SELF, wrote)));
        DnsPlanner.Plan plan = DnsPlanner.plan(OWNER, SELF, set(NAME, "A", "192.0.2.2"), zone);
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.conflict()).hasValueSatisfying(c -> assertThat(c).contains("changed outside converge")
                .contains("198.51.100.7"));
    }

    @Test
    void anEditedSetNoLongerWantedIsLeftInPlaceAndLetGo() {
        RecordSet wrote = set(NAME, "A", "192.0.2.1");
        RecordSet edited = set(NAME, "A", "198.51.100.7");
        RecordSet own = set(OWN, "TXT", entry(OWNER, SELF, wrote));
        assertThat(DnsPlanner.plan(OWNER, SELF, null, List.of(edited, own)).changes())
                .containsExactly(new Change(own, null));
    }

    @Test
    void anOwnedSetDeletedByHandIsWrittenAgain() {
        RecordSet want = set(NAME, "A", "192.0.2.1");
        RecordSet own = set(OWN, "TXT", entry(OWNER, SELF, want));
        DnsPlanner.Plan plan = DnsPlanner.plan(OWNER, SELF, want, List.of(own));
        assertThat(plan.changes()).containsExactly(new Change(null, want));
    }

    @Test
    void aTypeChangeAtTheSameNameDeletesTheOldSetAndRewritesTheEntry() {
        RecordSet was = set(NAME, "CNAME", "dc-a.example.jp.");
        RecordSet want = set(NAME, "A", "192.0.2.1");
        RecordSet own = set(OWN, "TXT", entry(OWNER, SELF, was));
        DnsPlanner.Plan plan = DnsPlanner.plan(OWNER, SELF, want, List.of(was, own));
        assertThat(plan.conflict()).isEmpty();
        assertThat(plan.changes()).containsExactlyInAnyOrder(new Change(was, null), new Change(null, want),
                new Change(own, set(OWN, "TXT", entry(OWNER, SELF, want))));
    }

    @Test
    void aRenameDeletesAtTheOldNameAndWritesAtTheNew() {
        String oldName = "old.example.jp.";
        RecordSet was = set(oldName, "A", "192.0.2.1");
        RecordSet oldOwn = set(Ownership.nameFor(oldName), "TXT", entry(OWNER, SELF, was));
        RecordSet want = set(NAME, "A", "192.0.2.1");
        List<Change> changes = new ArrayList<>(DnsPlanner.plan(OWNER, SELF, want, List.of(was, oldOwn)).changes());
        assertThat(changes).containsExactlyInAnyOrder(new Change(was, null), new Change(oldOwn, null),
                new Change(null, want), new Change(null, set(OWN, "TXT", entry(OWNER, SELF, want))));
    }

    @Test
    void foreignTextAtTheOwnershipNameIsKept() {
        RecordSet want = set(NAME, "A", "192.0.2.1");
        RecordSet own = set(OWN, "TXT", "\"someone else's note\"");
        DnsPlanner.Plan plan = DnsPlanner.plan(OWNER, SELF, want, List.of(own));
        assertThat(plan.changes()).contains(new Change(own, set(OWN, "TXT", "\"someone else's note\"",
                entry(OWNER, SELF, want))));
    }
}
