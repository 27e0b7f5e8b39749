package io.converge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The planner as a table: (files, stored documents, prune) → the actions as {@code ref verb@index}. */
class SyncPlannerTest {

    /** A Service document's text, with the image given and optional extra metadata. */
    static String text(String name, String image, String extraMetadata) {
        return "{\"apiVersion\":\"converge/v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name + "\""
                + extraMetadata + "},\"spec\":{\"image\":\"" + image + "\"}}";
    }

    static SyncDocument file(String name, String image) {
        try {
            return SyncDocument.of("service/" + name, "converge/specs/services/" + name, name + ".json",
                    text(name, image, "").getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stored as sync wrote it (annotated), with the image given. */
    static StoredSpec synced(String name, String image, long index) {
        return StoredSpec.of("service/" + name, "converge/specs/services/" + name, index, file(name, image).value());
    }

    /** Stored as written by hand (no annotation). */
    static StoredSpec byHand(String name, String image, long index) {
        return StoredSpec.of("service/" + name, "converge/specs/services/" + name, index,
                text(name, image, "").getBytes(StandardCharsets.UTF_8));
    }

    static StoredSpec raw(String name, String value, long index) {
        return StoredSpec.of("service/" + name, "converge/specs/services/" + name, index,
                value.getBytes(StandardCharsets.UTF_8));
    }

    private static Arguments row(String name, List<SyncDocument> files, List<StoredSpec> stored, boolean prune,
                                 String... expected) {
        return Arguments.of(name, files, stored, prune, List.of(expected));
    }

    static Stream<Arguments> table() {
        return Stream.of(
                row("new document: created with cas 0", List.of(file("a", "x:1")), List.of(), false,
                        "service/a created@0"),
                row("same content: unchanged", List.of(file("a", "x:1")), List.of(synced("a", "x:1", 7)), false,
                        "service/a unchanged@7"),
                row("other content: configured with the index read", List.of(file("a", "x:2")),
                        List.of(synced("a", "x:1", 7)), false, "service/a configured@7"),
                row("same spec written by hand: configured (sync takes it over, adding its annotation)",
                        List.of(file("a", "x:1")), List.of(byHand("a", "x:1", 7)), false, "service/a configured@7"),
                row("stored value not JSON: configured", List.of(file("a", "x:1")), List.of(raw("a", "{oops", 3)),
                        false, "service/a configured@3"),
                row("gone from the directory, without prune: left alone", List.of(file("a", "x:1")),
                        List.of(synced("a", "x:1", 7), synced("b", "x:1", 8)), false, "service/a unchanged@7"),
                row("gone from the directory, with prune: pruned with its index", List.of(file("a", "x:1")),
                        List.of(synced("a", "x:1", 7), synced("b", "x:1", 8)), true,
                        "service/a unchanged@7", "service/b pruned@8"),
                row("written by hand: never pruned", List.of(file("a", "x:1")),
                        List.of(byHand("h", "x:1", 9), raw("junk", "not json", 10)), true, "service/a created@0"),
                row("writes in ref order, then prunes in ref order",
                        List.of(file("c", "x:1"), file("a", "x:1"), file("b", "x:2")),
                        List.of(synced("b", "x:1", 5), synced("z", "x:1", 6), synced("y", "x:1", 4)), true,
                        "service/a created@0", "service/b configured@5", "service/c created@0",
                        "service/y pruned@4", "service/z pruned@6"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void plans(String name, List<SyncDocument> files, List<StoredSpec> stored, boolean prune, List<String> expected) {
        SyncPlan plan = SyncPlanner.plan(files, stored, prune);
        assertThat(plan.problems()).isEmpty();
        List<String> got = new ArrayList<>();
        plan.actions().forEach(a -> got.add(a.ref() + " " + a.verb().word() + "@" + a.index()));
        assertThat(got).containsExactlyElementsOf(expected);
    }

    @Test
    void writesCarryTheAnnotatedDocumentAndUnchangedOnesNothing() {
        SyncPlan plan = SyncPlanner.plan(List.of(file("a", "x:1"), file("b", "x:1")),
                List.of(synced("b", "x:1", 3)), false);
        SyncAction created = plan.actions().get(0);
        assertThat(ManagedDocuments.isManaged(created.value())).isTrue();
        assertThat(new String(created.value(), StandardCharsets.UTF_8)).contains("\"image\" : \"x:1\"");
        assertThat(plan.actions().get(1).value()).isNull();
        assertThat(plan.writes()).containsExactly(created);
    }

    @Test
    void twoFilesForOneKeyRejectTheWholePlan() {
        SyncDocument second = new SyncDocument("service/a", "converge/specs/services/a", "other/a.json",
                file("a", "x:2").value(), file("a", "x:2").canonical());
        SyncPlan plan = SyncPlanner.plan(List.of(file("a", "x:1"), second, file("b", "x:1")), List.of(), true);
        assertThat(plan.rejected()).isTrue();
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.problems()).containsExactly("other/a.json: service/a is also defined in a.json");
    }

    @Test
    void anEmptyDirectoryIsRejectedRatherThanPruningEverything() {
        SyncPlan plan = SyncPlanner.plan(List.of(), List.of(synced("a", "x:1", 3)), true);
        assertThat(plan.rejected()).isTrue();
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.problems().get(0)).contains("no documents");
    }

    @Test
    void formattingAndFieldOrderDoNotMakeADocumentDifferent() {
        String reordered = "{\n  \"spec\": {\"image\": \"x:1\"},\n  \"kind\": \"Service\", \"apiVersion\": \"converge/v1\","
                + " \"metadata\": {\"annotations\": {\"converge.io/managed-by\": \"sync\"}, \"name\": \"a\"}}";
        SyncPlan plan = SyncPlanner.plan(List.of(file("a", "x:1")), List.of(raw("a", reordered, 4)), true);
        assertThat(plan.actions()).extracting(SyncAction::verb).containsExactly(SyncAction.Verb.UNCHANGED);
    }

    @Test
    void anAnnotationInTheFileIsKeptBesideSyncsOwn() throws Exception {
        byte[] value = ManagedDocuments.annotate(text("a", "x:1", ",\"annotations\":{\"team\":\"web\"}")
                .getBytes(StandardCharsets.UTF_8));
        String stored = new String(value, StandardCharsets.UTF_8);
        assertThat(stored).contains("\"team\" : \"web\"").contains("\"converge.io/managed-by\" : \"sync\"");
    }

    @Test
    void linesReadLikeApplys() {
        SyncAction created = new SyncAction("service/a", "k", SyncAction.Verb.CREATED, new byte[0], 0);
        SyncAction unchanged = new SyncAction("service/b", "k2", SyncAction.Verb.UNCHANGED, null, 3);
        assertThat(created.line(false)).isEqualTo("service/a created");
        assertThat(created.line(true)).isEqualTo("service/a created (dry run)");
        assertThat(unchanged.line(true)).isEqualTo("service/b unchanged");
    }
}
