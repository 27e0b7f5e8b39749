package io.converge.app;

import io.converge.config.ConvergeConfig;
import io.converge.kernel.RoomContext;
import io.converge.routes.RouteRoom;
import io.converge.routes.auth.AuthEndpointSource;
import io.converge.routes.auth.AuthRealms;
import io.converge.routes.auth.ForwardAuthServer;
import io.converge.routes.auth.LdapDirectory;
import io.converge.routes.auth.SessionCodec;
import io.converge.routes.caddy.CaddyProxy;
import io.converge.routes.caddy.Listeners;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** The Route room of a proxy node, with its adapters: Caddy's admin API and converge's forward-auth endpoint. */
final class ProxyRooms {
    /** The environment variable holding the LDAP bind password of Routes without {@code bindPasswordFile}. */
    static final String BIND_PASSWORD_ENV = "CONVERGE_LDAP_BIND_PASSWORD";

    private ProxyRooms() {
    }

    static RouteRoom routes(RoomContext context, ConvergeConfig.Proxy proxy, io.vertx.core.Vertx vertx) {
        CaddyProxy caddy = new CaddyProxy(URI.create(proxy.admin()), proxy.server(),
                new Listeners(proxy.listen(), proxy.httpPort()), proxy.requestTimeout(), proxy.probeInterval());
        ConvergeConfig.Proxy.Auth auth = proxy.auth();
        AuthRealms realms = new AuthRealms();
        LdapDirectory directory = new LdapDirectory(auth.ldapTimeout(), auth.ldapCaFile().map(Path::of),
                System::getenv, BIND_PASSWORD_ENV);
        ForwardAuthServer server = new ForwardAuthServer(vertx, auth.listen(), realms, directory,
                new SessionCodec(SessionCodec.secret(auth.cookieSecretFile().map(Path::of)), context.clock()),
                auth.sessionTtl(), ForwardAuthServer.BASIC_REUSE, context.clock());
        return new RouteRoom(context, caddy, auth.listen(), realms,
                List.of(new AuthEndpointSource(server, directory)));
    }
}
