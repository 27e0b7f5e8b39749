package io.converge.routes.caddy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.converge.model.Json;
import io.converge.routes.ProxyRoute;
import io.converge.routes.RouteAuth;
import io.converge.routes.RouteSet;
import io.converge.routes.RouteTls;
import io.converge.routes.Upstream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class CaddyConfigTest {
    static final CaddyConfig CONFIG = new CaddyConfig("converge", new Listeners(List.of(":8080", ":8443"), 8080));
    static final String PROXY_A = """
            {"handler":"reverse_proxy","upstreams":[{"dial":"10.0.0.1:80"}],
             "load_balancing":{"selection_policy":{"policy":"round_robin"}}}""";

    static ProxyRoute route(String id, String host, String path) {
        return new ProxyRoute(id, "routes/" + id, host, path, false, List.of(new Upstream("10.0.0.1", 80)),
                "round_robin", Map.of(), null, new RouteAuth.None());
    }

    static Stream<Arguments> routes() {
        ProxyRoute plain = route("converge-routes-a", "a.example.jp", "/");
        return Stream.of(
                Arguments.of("host only, path /", plain, """
                        {"@id":"converge-routes-a","match":[{"host":["a.example.jp"]}],"handle":[%s],"terminal":true}
                        """.formatted(PROXY_A)),
                Arguments.of("path prefix matches itself and below", route("converge-routes-a", "*.example.jp", "/api/"),
                        """
                        {"@id":"converge-routes-a","match":[{"host":["*.example.jp"],"path":["/api","/api/*"]}],
                         "handle":[%s],"terminal":true}""".formatted(PROXY_A)),
                Arguments.of("strip prefix", new ProxyRoute("converge-routes-a", "o", "a.example.jp", "/api", true,
                        plain.upstreams(), "round_robin", Map.of(), null, null), """
                        {"@id":"converge-routes-a","match":[{"host":["a.example.jp"],"path":["/api","/api/*"]}],
                         "handle":[{"handler":"rewrite","strip_path_prefix":"/api"},%s],"terminal":true}"""
                        .formatted(PROXY_A)),
                Arguments.of("no upstream: 503", plain.withUpstreams(List.of()), """
                        {"@id":"converge-routes-a","match":[{"host":["a.example.jp"]}],"handle":[
                         {"handler":"static_response","status_code":503,"body":"503 no passing instance for this route\\n",
                          "headers":{"Content-Type":["text/plain; charset=utf-8"]}}],"terminal":true}"""),
                Arguments.of("policy, sorted upstreams, request headers",
                        new ProxyRoute("converge-web-w", "o", "w.example.jp", "/", false,
                                List.of(new Upstream("10.0.0.2", 81), new Upstream("::1", 80),
                                        new Upstream("10.0.0.1", 80)), "first",
                                Map.of("X-B", "2", "X-A", "1"), null, null), """
                        {"@id":"converge-web-w","match":[{"host":["w.example.jp"]}],"handle":[
                         {"handler":"reverse_proxy","upstreams":[{"dial":"10.0.0.1:80"},{"dial":"10.0.0.2:81"},
                          {"dial":"[::1]:80"}],"load_balancing":{"selection_policy":{"policy":"first"}},
                          "headers":{"request":{"set":{"X-A":["1"],"X-B":["2"]}}}}],"terminal":true}"""),
                Arguments.of("basic auth: bcrypt hashes as given, users sorted",
                        new ProxyRoute("converge-routes-a", "o", "a.example.jp", "/", false, plain.upstreams(),
                                "round_robin", Map.of(), null, new RouteAuth.Basic(List.of(
                                new RouteAuth.BasicUser("zed", "$2y$10$z"), new RouteAuth.BasicUser("amy", "$2a$1$a")))),
                        """
                        {"@id":"converge-routes-a","match":[{"host":["a.example.jp"]}],"handle":[
                         {"handler":"authentication","providers":{"http_basic":{"accounts":[
                          {"username":"amy","password":"$2a$1$a"},{"username":"zed","password":"$2y$10$z"}],
                          "hash":{"algorithm":"bcrypt"}}}},%s],"terminal":true}""".formatted(PROXY_A)),
                Arguments.of("forward auth: delete, login without auth, auth, copy when present", new ProxyRoute(
                        "converge-routes-a", "o", "a.example.jp", "/", false, plain.upstreams(), "round_robin",
                        Map.of(), null, new RouteAuth.Forward("http://127.0.0.1:9611/auth?x=1",
                        List.of("x-user", "X-Mail"), "/.converge/login", "127.0.0.1:9611")), """
                        {"@id":"converge-routes-a","match":[{"host":["a.example.jp"]}],"handle":[
                         {"handler":"headers","request":{"delete":["X-Mail","x-user"]}},
                         {"handler":"subroute","routes":[{"match":[{"path":["/.converge/login","/.converge/login/*"]}],
                          "handle":[{"handler":"reverse_proxy","upstreams":[{"dial":"127.0.0.1:9611"}]}],
                          "terminal":true}]},
                         {"handler":"reverse_proxy","upstreams":[{"dial":"127.0.0.1:9611"}],
                          "rewrite":{"method":"GET","uri":"/auth?x=1"},
                          "headers":{"request":{"set":{"X-Forwarded-Method":["{http.request.method}"],
                                                      "X-Forwarded-Uri":["{http.request.uri}"]}}},
                          "handle_response":[{"match":{"status_code":[2]},"routes":[
                           {"handle":[{"handler":"vars"}]},
                           {"match":[{"not":[{"vars":{"{http.reverse_proxy.header.X-Mail}":["","<nil>"]}}]}],
                            "handle":[{"handler":"headers","request":{"set":{"X-Mail":["{http.reverse_proxy.header.X-Mail}"]}}}]},
                           {"match":[{"not":[{"vars":{"{http.reverse_proxy.header.X-User}":["","<nil>"]}}]}],
                            "handle":[{"handler":"headers","request":{"set":{"X-User":["{http.reverse_proxy.header.X-User}"]}}}]}
                          ]}]},
                         %s],"terminal":true}""".formatted(PROXY_A)),
                Arguments.of("forward auth over https, no login path", new ProxyRoute("converge-routes-a", "o",
                        "a.example.jp", "/", false, plain.upstreams(), "round_robin", Map.of(), null,
                        new RouteAuth.Forward("https://auth.example.jp/check", List.of(), null, null)), """
                        {"@id":"converge-routes-a","match":[{"host":["a.example.jp"]}],"handle":[
                         {"handler":"reverse_proxy","upstreams":[{"dial":"auth.example.jp:443"}],
                          "transport":{"protocol":"http","tls":{}},"rewrite":{"method":"GET","uri":"/check"},
                          "headers":{"request":{"set":{"X-Forwarded-Method":["{http.request.method}"],
                                                      "X-Forwarded-Uri":["{http.request.uri}"]}}},
                          "handle_response":[{"match":{"status_code":[2]},"routes":[{"handle":[{"handler":"vars"}]}]}]},
                         %s],"terminal":true}""".formatted(PROXY_A)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void rendersEachRoute(String name, ProxyRoute route, String expected) throws Exception {
        JsonNode server = CONFIG.server(new RouteSet(List.of(route)));
        assertThat(server.get("routes")).hasSize(1);
        assertThat(server.get("routes").get(0)).isEqualTo(Json.MAPPER.readTree(expected));
    }

    @Test
    void serverIsConvergesOwnWithoutAutomaticHttps() throws Exception {
        JsonNode server = CONFIG.server(new RouteSet(List.of()));
        assertThat(server).isEqualTo(Json.MAPPER.readTree("""
                {"@id":"converge-server","listen":[":8080",":8443"],"automatic_https":{"disable":true},"routes":[]}
                """));
    }

    @Test
    void sameSetInAnotherOrderRendersTheSameBytes() {
        List<ProxyRoute> routes = new ArrayList<>(List.of(route("converge-routes-a", "a.example.jp", "/"),
                route("converge-routes-b", "a.example.jp", "/api"), route("converge-routes-c", "*.example.jp", "/"),
                route("converge-routes-d", "b.example.jp", "/").withUpstreams(List.of(new Upstream("10.0.0.9", 1),
                        new Upstream("10.0.0.3", 2)))));
        byte[] first = Nodes.bytes(CONFIG.server(new RouteSet(routes)));
        Collections.reverse(routes);
        routes.set(0, routes.get(0).withUpstreams(List.of(new Upstream("10.0.0.3", 2), new Upstream("10.0.0.9", 1))));
        assertThat(Nodes.bytes(CONFIG.server(new RouteSet(routes)))).isEqualTo(first);
    }

    @Test
    void exactHostsComeBeforeWildcardsAndLongerPathsFirst() {
        JsonNode server = CONFIG.server(new RouteSet(List.of(route("converge-routes-w", "*.example.jp", "/"),
                route("converge-routes-a", "a.example.jp", "/"), route("converge-routes-b", "a.example.jp", "/api"))));
        List<String> ids = new ArrayList<>();
        server.get("routes").forEach(r -> ids.add(r.get("@id").asText()));
        assertThat(ids).containsExactly("converge-routes-b", "converge-routes-a", "converge-routes-w");
    }

    @Test
    void tlsRoutesGetARedirectOnThePlainListenerAndAConnectionPolicyPerHost() throws Exception {
        ProxyRoute files = route("converge-routes-f", "*.example.jp", "/").withUpstreams(List.of());
        files = new ProxyRoute(files.id(), "o", files.host(), "/", false, List.of(), "round_robin", Map.of(),
                RouteTls.files("/c/w.crt", "/c/w.key"), null);
        ProxyRoute internal = new ProxyRoute("converge-routes-i", "o", "i.example.jp", "/x", false, List.of(),
                "round_robin", Map.of(), RouteTls.internal(), null);
        JsonNode server = CONFIG.server(new RouteSet(List.of(files, internal)));
        String certId = CONFIG.tls(new RouteSet(List.of(files))).loadFiles().get(0).get("@id").asText();
        assertThat(certId).matches("converge-cert-[0-9a-f]{12}");
        assertThat(server.get("routes").get(0)).isEqualTo(Json.MAPPER.readTree("""
                {"match":[{"host":["i.example.jp"],"path":["/x","/x/*"],"protocol":"http"}],
                 "handle":[{"handler":"static_response","status_code":308,
                  "headers":{"Location":["https://{http.request.host}:8443{http.request.uri}"]}}],"terminal":true}
                """));
        assertThat(server.get("routes").get(1).get("@id").asText()).isEqualTo("converge-routes-i");
        assertThat(server.get("routes").get(3).get("@id").asText()).isEqualTo("converge-routes-f");
        assertThat(server.get("tls_connection_policies")).isEqualTo(Json.MAPPER.readTree("""
                [{"match":{"sni":["i.example.jp"]}},
                 {"match":{"sni":["*.example.jp"]},"certificate_selection":{"any_tag":["%s"]}}]
                """.formatted(certId)));
    }

    @Test
    void redirectOnPort443NamesNoPort() {
        CaddyConfig standard = new CaddyConfig("converge", new Listeners(List.of(":80", ":443"), 80));
        ProxyRoute r = new ProxyRoute("converge-routes-i", "o", "i.example.jp", "/", false, List.of(),
                "round_robin", Map.of(), RouteTls.internal(), null);
        assertThat(standard.server(new RouteSet(List.of(r))).at("/routes/0/handle/0/headers/Location/0").asText())
                .isEqualTo("https://{http.request.host}{http.request.uri}");
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new CaddyConfig("my server", new Listeners(List.of(":80"), 80)))
                .hasMessageContaining("converge.proxy.server: 'my server'");
        assertThatThrownBy(() -> new Listeners(List.of("localhost"), 80))
                .hasMessageContaining("converge.proxy.listen: 'localhost'");
    }
}
