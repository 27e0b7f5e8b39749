package io.converge.routes.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Basic credentials the directory accepted a moment ago, so that the many requests of one page do not each cost an
 * LDAP search and bind. Kept by an HMAC of realm, user and password under a per-process key (never the password
 * itself), for {@code ttl}: a password changed or an account disabled in the directory takes effect within it.
 * Refusals are never kept. Thread-safe.
 *
 * <p>Callers first compute the credentials' {@link #key}, then {@link #get} and {@link #put} by it: the same key
 * names the credentials' check in flight ({@link Logins}).
 */
final class AcceptedLogins {
    /** Beyond this many entries, the cache starts over. */
    private static final int MAX = 10_000;
    private record Entry(Identity identity, Instant expires) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final SecretKeySpec key;
    private final Duration ttl;
    private final InstantSource clock;

    /** @param ttl how long an acceptance is reused; zero: never */
    AcceptedLogins(Duration ttl, InstantSource clock) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The acceptance kept under {@code k} and not expired, or empty. */
    Optional<Identity> get(String k) {
        if (ttl.isZero()) {
            return Optional.empty();
        }
        Entry e = entries.get(k);
        if (e == null || !clock.instant().isBefore(e.expires)) {
            entries.remove(k);
            return Optional.empty();
        }
        return Optional.of(e.identity);
    }

    /** Keeps {@code identity} under {@code k} for the ttl. */
    void put(String k, Identity identity) {
        if (ttl.isZero()) {
            return;
        }
        if (entries.size() >= MAX) {
            entries.clear();
        }
        entries.put(k, new Entry(identity, clock.instant().plus(ttl)));
    }

    /** The key of {@code basic} in {@code realm}: an HMAC under this process's key, never the password itself. */
    String key(LdapRealm realm, Credentials.Basic basic) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (String part : new String[] {realm.toString(), basic.username(), basic.password()}) {
                mac.update(part.getBytes(StandardCharsets.UTF_8));
                mac.update((byte) 0);
            }
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
