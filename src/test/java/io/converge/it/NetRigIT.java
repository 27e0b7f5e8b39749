package io.converge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rig itself, without converge: routed reachability, the servers' answers, and a clean close. */
class NetRigIT {
    private static final Duration PROBE = Duration.ofSeconds(3);

    @Test
    void backendsAnswerTheClientThroughTheNodeAndCloseRemovesEverything() {
        NetRig rig = NetRig.create();
        NetRig.Host b0;
        try (rig) {
            b0 = rig.backend(0);
            NetRig.Host b1 = rig.backend(1);
            assertEquals(Optional.of("b0"), rig.curl("http://" + b0.v4() + "/", PROBE));
            assertEquals(Optional.of("b1"), rig.curl("http://[" + b1.v6() + "]/", PROBE));
            assertEquals(Optional.of("b0"), rig.udp(b0.v4(), NetRig.UDP_PORT, "x", PROBE, 40123));
            assertEquals(Optional.of("b1"), rig.udp(b1.v6(), NetRig.UDP_PORT, "x", PROBE));
            assertEquals(Optional.empty(), rig.udp(b1.v4(), NetRig.UDP_PORT + 1, "x", Duration.ofMillis(300)));
            assertEquals(Optional.empty(), rig.curl("http://" + rig.wan4() + ":8080/", PROBE));
            assertTrue(rig.exec(rig.node(), "nft", "list", "ruleset").ok());
        }
        rig.close();
        assertFalse(Files.exists(Path.of("/run/netns", rig.node())));
        assertFalse(Files.exists(Path.of("/run/netns", b0.ns())));
        assertFalse(Files.exists(Path.of("/run/netns", rig.client())));
    }
}
