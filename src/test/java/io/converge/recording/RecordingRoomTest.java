package io.converge.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.converge.kernel.RawDocument;
import io.converge.kernel.Reconciler;
import io.converge.kernel.Result;
import io.converge.kernel.Room;
import io.converge.model.Kind;
import io.converge.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The benchmarks' recording room: when it runs, what its documents reference, what a pass logs. */
class RecordingRoomTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-12-05T10:00:00.123456Z"));
    private final Room serviceRoom = new Room() {
        @Override
        public Kind kind() {
            return Kind.SERVICE;
        }

        @Override
        public Scope scope() {
            return Scope.EVERY_NODE;
        }

        @Override
        public Reconciler reconciler() {
            return name -> Result.done();
        }

        @Override
        public Collection<String> owned() {
            return List.of();
        }
    };
    private final Room room = new RecordingRoom(Kind.PORT_FORWARD, clock);

    @Test
    void isAddedOnlyWhenTheSettingNamesAKindWithoutARoom() {
        List<Room> rooms = List.of(serviceRoom);
        assertThat(RecordingRoom.besides(rooms, Optional.empty(), clock)).containsExactly(serviceRoom);
        assertThat(RecordingRoom.besides(rooms, Optional.of(" "), clock)).containsExactly(serviceRoom);
        List<Room> with = RecordingRoom.besides(rooms, Optional.of("portforwards"), clock);
        assertThat(with).hasSize(2).first().isSameAs(serviceRoom);
        assertThat(with.get(1)).isInstanceOf(RecordingRoom.class);
        assertThat(with.get(1).kind()).isEqualTo(Kind.PORT_FORWARD);
        assertThat(with.get(1).scope()).isEqualTo(Room.Scope.EVERY_NODE);
        assertThat(RecordingRoom.besides(rooms, Optional.of("pf"), clock).get(1).kind()).isEqualTo(Kind.PORT_FORWARD);
    }

    @Test
    void refusesAnUnknownKindAndAKindThatHasARoom() {
        assertThatThrownBy(() -> RecordingRoom.besides(List.of(serviceRoom), Optional.of("portfwd"), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("converge.bench.record-enqueues: 'portfwd' is not a kind; use the plural of a kind "
                        + "without a room, e.g. portforwards");
        assertThatThrownBy(() -> RecordingRoom.besides(List.of(serviceRoom), Optional.of("services"), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("converge.bench.record-enqueues: services has a room of its own; only a kind without "
                        + "one can be recorded");
    }

    @Test
    void referencesTheServiceItsSpecNamesEvenInAnInvalidDocument() {
        assertThat(room.references(doc("{\"kind\":\"PortForward\",\"metadata\":{\"name\":\"web\"},"
                + "\"spec\":{\"service\":\"bench-cat-0001\",\"port\":20001}}"))).containsExactly("bench-cat-0001");
        assertThat(room.references(doc("{\"spec\":{\"service\":\"db\",\"port\":\"not a port\"}}")))
                .containsExactly("db");
    }

    @Test
    void referencesNothingWhenNoServiceCanBeRead() {
        for (String json : List.of("", "not json", "[1,2]", "null", "{}", "{\"spec\":null}", "{\"spec\":[]}",
                "{\"spec\":{}}", "{\"spec\":{\"service\":7}}", "{\"spec\":{\"service\":\" \"}}",
                "{\"spec\":{\"service\":{\"name\":\"db\"}}}", "{\"spec\":{\"service\":\"db\"")) {
            assertThat(room.references(doc(json))).as(json).isEmpty();
        }
        byte[] invalidUtf8 = {'{', '"', 's', 'p', 'e', 'c', '"', ':', (byte) 0xC3};
        assertThat(room.references(new RawDocument("converge/specs/portforwards/x", invalidUtf8, 1))).isEmpty();
    }

    @Test
    void aPassActsOnNothingAndLogsTheKeyWithTheInstantItStarted() throws Exception {
        assertThat(room.reconciler().reconcile("web")).isSameAs(Result.done());
        assertThat(room.owned()).isEmpty();
        assertThat(RecordingRoom.line(Kind.PORT_FORWARD, "web", clock.instant()))
                .isEqualTo("recorded portforwards/web at-epoch-ns=1796464800123456000");
    }

    private static RawDocument doc(String json) {
        return new RawDocument("converge/specs/portforwards/x", json.getBytes(StandardCharsets.UTF_8), 1);
    }
}
