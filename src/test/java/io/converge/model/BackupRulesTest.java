package io.converge.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@code spec.backup} as validation sees it: the schedule, the paths and the placement, each named by path. */
class BackupRulesTest {
    private final DocumentValidator validator = new DocumentValidator();

    private Validation validate(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(Files.readString(
                Path.of("crds-as-json", "examples", "service-db-backup.json")));
        edit.accept((ObjectNode) doc.get("spec"));
        return validator.validate("converge/specs/services/db", Kind.SERVICE, "db", Json.MAPPER.writeValueAsBytes(doc),
                1);
    }

    @Test
    void theExampleIsValid() throws Exception {
        assertThat(validate(s -> { }).isValid()).isTrue();
    }

    @Test
    void aBadScheduleIsNamedAtItsPath() throws Exception {
        Validation v = validate(s -> ((ObjectNode) s.get("backup")).put("schedule", "0 3 * *"));
        assertThat(v.isValid()).isFalse();
        assertThat(v.message()).contains("/spec/backup/schedule").contains("has 4 fields");
    }

    @Test
    void aPathThatIsNoVolumeSourceIsRefused() throws Exception {
        Validation v = validate(s -> s.withArray("/backup/paths").add("/etc"));
        assertThat(v.message()).contains("/spec/backup/paths/1").contains("is not the source of any volume");
    }

    @Test
    void backupsAreForSingletonsOnly() throws Exception {
        Validation v = validate(s -> ((ObjectNode) s.get("placement")).put("mode", "replicated").put("replicas", 2));
        assertThat(v.message()).contains("/spec/backup").contains("singleton services only");
    }

    @Test
    void aHookTimeoutIsBounded() throws Exception {
        Validation v = validate(s -> ((ObjectNode) s.at("/backup/pre")).put("timeout", "25h"));
        assertThat(v.message()).contains("/spec/backup/pre/timeout");
    }

    @Test
    void aRelativeVolumeSourceIsAcceptedButNotOneWithDotDot() throws Exception {
        assertThat(validate(s -> ((ObjectNode) s.at("/volumes/0")).put("source", "pg/data")).isValid()).isTrue();
        assertThat(validate(s -> ((ObjectNode) s.at("/volumes/0")).put("source", "/")).isValid()).isFalse();
        Validation v = validate(s -> ((ObjectNode) s.at("/volumes/0")).put("source", "../etc"));
        assertThat(v.message()).contains("/spec/volumes/0/source").contains("\"..\"");
    }
}
