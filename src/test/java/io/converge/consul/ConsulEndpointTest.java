package io.converge.consul;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsulEndpointTest {

    @ParameterizedTest
    @CsvSource({
            "/v1/kv/converge/specs/services/web?index=42&wait=300s,   /v1/kv",
            "/v1/kv/converge/locks/services/session,                  /v1/kv",
            "/v1/kv,                                                  /v1/kv",
            "/v1/session/info/0b4c3a9e-0000-4000-8000-000000000001?consistent, /v1/session/info",
            "/v1/session/create,                                      /v1/session/create",
            "/v1/session/renew/0b4c3a9e-0000-4000-8000-000000000001,   /v1/session/renew",
            "/v1/session/node/node-1,                                 /v1/session/node",
            "/v1/agent/self,                                          /v1/agent/self",
            "/v1/agent/service/register?replace-existing-checks=true, /v1/agent/service/register",
            "/v1/agent/service/deregister/converge-web,               /v1/agent/service/deregister",
            "/v1/agent/service/converge-web,                          /v1/agent/service",
            "/v1/agent/health/service/id/converge-web,                /v1/agent/health/service/id",
            "/v1/agent/check/update/converge-live-x,                  /v1/agent/check/update",
            "/v1/health/state/any?index=7,                            /v1/health/state",
            "/v1/health/node/my-node,                                 /v1/health/node",
            "/v1/catalog/service/web,                                 /v1/catalog/service",
            "/v1/catalog/services,                                    /v1/catalog/services",
            "/v1/txn,                                                 /v1/txn",
            "/v1/some-new-thing/x,                                    /v1/other",
            "/ui/,                                                    /other",
    })
    void keepsTheApiWordsAndDropsNamesIdsKeysAndQueries(String path, String endpoint) {
        assertThat(ConsulEndpoint.of(path)).isEqualTo(endpoint);
    }

    @ParameterizedTest
    @CsvSource({
            "/v1/kv/a?index=42&wait=300s, true",
            "/v1/kv/a?wait=300s&index=1,  true",
            "/v1/kv/a?index=0&wait=300s,  false",
            "/v1/kv/a?recurse=true,       false",
            "/v1/kv/a,                    false",
            "/v1/kv/index=3,              false",
    })
    void aQueryBlocksWhenItNamesAnIndexAboveZero(String path, boolean blocking) {
        assertThat(ConsulEndpoint.blocking(path)).isEqualTo(blocking);
    }

    @ParameterizedTest
    @CsvSource({
            "/v1/agent/service/deregister/service/check/health/node/state/info, /v1/agent/service/deregister/service/check",
            "/v1/health/service/name/id/node/check,                              /v1/health/service/name/id/node",
    })
    void namesThatLookLikeApiWordsStillGiveABoundedTag(String path, String endpoint) {
        assertThat(ConsulEndpoint.of(path)).isEqualTo(endpoint);
    }
}
