package io.converge.routes.caddy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CaddyAdminTest {

    @Test
    void etagIsCaddysPathAndFnv1aOfTheBodyRead() {
        // as Caddy 2.6.2 answered GET /config/apps/tls for an absent tls app ("null\n"): Etag "/config/apps/tls 0e7c22ea"
        assertThat(CaddyAdmin.etag("/config/apps/tls", "null\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("\"/config/apps/tls 0e7c22ea\"");
        assertThat(CaddyAdmin.etag("/config/apps/tls", new byte[0])).isEqualTo("\"/config/apps/tls 811c9dc5\"");
    }
}
