package io.converge.routes.auth;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.AggregateTrustManager;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How converge reaches a directory: {@code ldap://} in the clear, {@code ldap://} upgraded by StartTLS, or
 * {@code ldaps://}; TLS (either way) trusts the JVM's default trust store plus an optional CA file and checks the
 * server's host name against its certificate. One timeout for connect and every response.
 */
final class LdapServers {
    private final LDAPConnectionOptions options = new LDAPConnectionOptions();
    private final SSLSocketFactory tls;

    /**
     * @param timeout of a connect and of each operation ({@code converge.proxy.auth.ldap-timeout})
     * @param caFile  PEM certificates trusted for {@code ldaps://} and StartTLS besides the JVM's default ones
     * @throws IllegalArgumentException when the CA file cannot be read (naming it)
     */
    LdapServers(Duration timeout, Optional<Path> caFile) {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        options.setConnectTimeoutMillis(millis);
        options.setResponseTimeoutMillis(millis);
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        options.setUseSynchronousMode(true);
        try {
            X509TrustManager trust = JVMDefaultTrustManager.getInstance();
            if (caFile.isPresent()) {
                trust = new AggregateTrustManager(false, trust, new PEMFileTrustManager(caFile.get().toFile()));
            }
            tls = new SSLUtil(trust).createSSLSocketFactory();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("LDAP CA file " + caFile.map(Path::toString).orElse("(none)")
                    + " cannot be used: " + e.getMessage(), e);
        }
    }

    /** The one server of {@code url}, reached as its scheme says. */
    SingleServerSet server(String url) throws LDAPException {
        LDAPURL parsed = new LDAPURL(url);
        boolean secure = parsed.getScheme().equalsIgnoreCase("ldaps");
        return new SingleServerSet(parsed.getHost(), parsed.getPort(),
                secure ? tls : SocketFactory.getDefault(), options);
    }

    /**
     * What a connection to a realm's server does right after connecting: StartTLS when {@code startTls}, else
     * nothing ({@code null}). The upgrade fails, and so does the connection, when the server refuses StartTLS or
     * its certificate or host name is not trusted: never a clear-text connection instead.
     */
    PostConnectProcessor afterConnect(boolean startTls) {
        return startTls ? new StartTLSPostConnectProcessor(tls) : null;
    }

    /**
     * A new connection of its own to {@code url}, not bound, upgraded by StartTLS when {@code startTls}: for
     * checking one user's password.
     *
     * @throws LDAPException when the server cannot be reached or the StartTLS upgrade failed (the connection is
     *                       closed then)
     */
    LDAPConnection connect(String url, boolean startTls) throws LDAPException {
        LDAPConnection connection = server(url).getConnection();
        if (startTls) {
            try {
                afterConnect(true).processPreAuthenticatedConnection(connection);
            } catch (LDAPException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    /** The timeout of one operation, in milliseconds. */
    long timeoutMillis() {
        return options.getResponseTimeoutMillis();
    }

    /** The timeout in whole seconds, at least 1: a search's server-side time limit. */
    int timeLimitSeconds() {
        return (int) Math.max(1, (options.getResponseTimeoutMillis() + 999) / 1000);
    }
}
