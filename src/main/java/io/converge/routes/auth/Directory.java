package io.converge.routes.auth;

import java.util.Optional;

/** Checks a user's credentials against a realm's directory. Thread-safe. */
public interface Directory {

    /**
     * Checks {@code password} for {@code username} in {@code realm}'s directory and reads the user's attributes.
     * A refusal (unknown user, wrong or empty password) costs about as much as an acceptance: it does not tell
     * which of the two was wrong, by its answer or by its time.
     *
     * @return the user's identity, or empty when the directory refused the credentials
     * @throws DirectoryUnavailable when the directory could not answer (down, timeout, the service account
     *                              refused, a TLS failure): never to be taken for an acceptance
     */
    Optional<Identity> authenticate(LdapRealm realm, String username, String password) throws DirectoryUnavailable;
}
