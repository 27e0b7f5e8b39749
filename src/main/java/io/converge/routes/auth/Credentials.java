package io.converge.routes.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** What a request carries to prove who it is: HTTP Basic credentials and converge's login cookie. Pure. */
final class Credentials {
    /** A user name and a password as the client sent them. */
    record Basic(String username, String password) {
        @Override
        public String toString() {
            return "Basic[" + username + "]"; // never the password
        }
    }

    private Credentials() {
    }

    /** The credentials of an {@code Authorization: Basic …} header, or empty when there are none or they are malformed. */
    static Optional<Basic> basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon <= 0 ? Optional.empty()
                    : Optional.of(new Basic(pair.substring(0, colon), pair.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The name of {@code route}'s login cookie (a route name is a DNS label: a valid cookie name). */
    static String cookieName(String route) {
        return "converge_" + route;
    }

    /** The value of cookie {@code name} in a {@code Cookie} header, or empty. */
    static Optional<String> cookie(String header, String name) {
        if (header == null) {
            return Optional.empty();
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equals(name)) {
                return Optional.of(part.substring(eq + 1).strip());
            }
        }
        return Optional.empty();
    }

    /** A {@code Set-Cookie} value for the login cookie: HttpOnly, SameSite=Lax, Path=/, Secure over TLS. */
    static String setCookie(String route, String value, long maxAgeSeconds, boolean secure) {
        return cookieName(route) + "=" + value + "; Max-Age=" + maxAgeSeconds + "; Path=/; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }
}
