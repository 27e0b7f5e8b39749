package io.converge.routes.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionCodecTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-05-20T10:00:00Z"));
    private final InstantSource clock = now::get;
    private final SessionCodec codec = new SessionCodec(SECRET, clock);
    private final Identity alice = new Identity("alice", Map.of("X-Remote-User", "alice",
            "X-Remote-Email", "alice@example.jp", "X-Remote-Groups", "admins,staff", "X-Name", "Ålice 山田 & co=1"));

    @Test
    void aCookieDecodesToTheSameIdentityForItsRouteUntilItExpires() {
        String value = codec.encode("intra", alice, Duration.ofHours(8));
        assertThat(codec.decode("intra", value)).contains(alice);
        now.set(now.get().plus(Duration.ofHours(8)).minusSeconds(1));
        assertThat(codec.decode("intra", value)).contains(alice);
        now.set(now.get().plusSeconds(1));
        assertThat(codec.decode("intra", value)).isEmpty();
    }

    @Test
    void aCookieOfAnotherRouteOrAnotherSecretIsWorthless() {
        String value = codec.encode("intra", alice, Duration.ofHours(8));
        assertThat(codec.decode("other", value)).isEmpty();
        byte[] other = SECRET.clone();
        other[0] ^= 1;
        assertThat(new SessionCodec(other, clock).decode("intra", value)).isEmpty();
    }

    @Test
    void anyChangedByteOfPayloadOrSignatureIsRefused() {
        String value = codec.encode("intra", alice, Duration.ofHours(8));
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String tampered = value.substring(0, i) + (c == 'A' ? 'B' : 'A') + value.substring(i + 1);
            assertThat(codec.decode("intra", tampered)).as("byte %d changed", i).isEmpty();
        }
    }

    @Test
    void aPayloadRewrittenByTheClientIsRefused() {
        String value = codec.encode("intra", alice, Duration.ofHours(8));
        String payload = new String(Base64.getUrlDecoder().decode(value.substring(0, value.indexOf('.'))),
                StandardCharsets.UTF_8).replace("admins%2Cstaff", "root");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + value.substring(value.indexOf('.'));
        assertThat(codec.decode("intra", forged)).isEmpty();
    }

    @Test
    void garbageIsRefusedWithoutAnException() {
        for (String junk : new String[] {"", ".", "abc", "a.b", "%%%.%%%", "x".repeat(5000)}) {
            assertThat(codec.decode("intra", junk)).isEmpty();
        }
    }

    @Test
    void theSecretComesFromItsFileAndMustBeLongEnough(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "  " + new String(SECRET, StandardCharsets.UTF_8) + "\n");
        assertThat(SessionCodec.secret(Optional.of(file))).isEqualTo(SECRET);
        Files.writeString(file, "short\n");
        assertThatThrownBy(() -> SessionCodec.secret(Optional.of(file))).hasMessageContaining(file.toString())
                .hasMessageContaining("32");
        assertThatThrownBy(() -> SessionCodec.secret(Optional.of(dir.resolve("missing"))))
                .hasMessageContaining("missing");
        assertThat(SessionCodec.secret(Optional.empty())).hasSize(32).isNotEqualTo(SessionCodec.secret(Optional.empty()));
    }
}
