package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC §7: Consul's and Docker's standard environment variables configure converge. */
class EnvironmentIT {

    @Test
    void consulHttpAddrAndDockerHostAreHonouredAndReadinessSaysWhatIsMissing() throws Exception {
        try (ConsulAgent consul = new ConsulAgent("it-env-" + Integer.toHexString((int) (Math.random() * 0xffff)))) {
            consul.start();
            ConvergeProcess converge = new ConvergeProcess(consul.node(), Map.of())
                    .withEnv(Map.of("CONSUL_HTTP_ADDR", "http://" + consul.address(),
                            "DOCKER_HOST", "unix:///nonexistent/docker.sock"));
            try {
                converge.startWithoutWaiting();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> converge.health("ready").filter(b -> b.contains("nonexistent")).isPresent()
                                && converge.log().contains("consul http://"));
                String ready = converge.health("ready").orElseThrow();
                assertThat(ready).contains("\"status\": \"DOWN\"").contains("unreachable");
                assertThat(converge.health("live").orElseThrow()).contains("UP");
                assertThat(converge.log()).contains("consul http://" + consul.address())
                        .contains("unix:///nonexistent/docker.sock");
            } finally {
                converge.stop();
            }
        }
    }
}
