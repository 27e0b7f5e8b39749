package io.converge.routes.auth;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The login cookie's value: the route, the user, the header values and an expiry, HMAC-SHA256-signed, as
 * {@code base64url(payload).base64url(mac)}. Signed, not encrypted: the user may read their own attributes, but
 * changing a byte or the route, or keeping it past its expiry, makes it worthless. Thread-safe.
 */
public final class SessionCodec {
    /** A cookie longer than this is not set: browsers drop cookies over about 4 KB. */
    public static final int MAX_LENGTH = 3800;
    private static final int MIN_SECRET = 32;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final InstantSource clock;

    /** @param secret at least 32 bytes, the same on every proxy node that serves the same hosts */
    public SessionCodec(byte[] secret, InstantSource clock) {
        if (secret.length < MIN_SECRET) {
            throw new IllegalArgumentException("the cookie secret must have at least " + MIN_SECRET + " bytes, not "
                    + secret.length);
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.clock = clock;
    }

    /**
     * The secret in {@code file} ({@code converge.proxy.auth.cookie-secret-file}, surrounding whitespace ignored),
     * or 32 random bytes when there is no file.
     *
     * @throws IllegalArgumentException when the file cannot be read or is shorter than 32 bytes (naming it)
     */
    public static byte[] secret(Optional<Path> file) {
        if (file.isEmpty()) {
            byte[] random = new byte[MIN_SECRET];
            new SecureRandom().nextBytes(random);
            return random;
        }
        try {
            byte[] secret = Files.readString(file.get(), StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
            if (secret.length < MIN_SECRET) {
                throw new IllegalArgumentException("converge.proxy.auth.cookie-secret-file " + file.get()
                        + " holds fewer than " + MIN_SECRET + " bytes");
            }
            return secret;
        } catch (IOException e) {
            throw new IllegalArgumentException("converge.proxy.auth.cookie-secret-file " + file.get()
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The cookie value of {@code identity}'s login to {@code route}, valid for {@code ttl} from now. */
    public String encode(String route, Identity identity, Duration ttl) {
        List<String> fields = new ArrayList<>(List.of("v1", route, identity.user(),
                Long.toString(clock.instant().plus(ttl).getEpochSecond())));
        identity.headers().forEach((name, value) -> {
            fields.add(name);
            fields.add(value);
        });
        StringBuilder payload = new StringBuilder();
        for (String f : fields) {
            payload.append(payload.length() == 0 ? "" : "&").append(URLEncoder.encode(f, StandardCharsets.UTF_8));
        }
        byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(bytes) + "." + B64.encodeToString(mac(bytes));
    }

    /**
     * The identity in {@code value} when it was signed with this secret, for {@code route}, and has not expired;
     * otherwise empty (never an exception: a cookie is the client's input).
     */
    public Optional<Identity> decode(String route, String value) {
        try {
            int dot = value.indexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            byte[] payload = UNB64.decode(value.substring(0, dot));
            if (!MessageDigest.isEqual(mac(payload), UNB64.decode(value.substring(dot + 1)))) {
                return Optional.empty();
            }
            String[] fields = new String(payload, StandardCharsets.UTF_8).split("&", -1);
            if (fields.length < 4 || fields.length % 2 != 0 || !"v1".equals(unescape(fields[0]))
                    || !route.equals(unescape(fields[1]))) {
                return Optional.empty();
            }
            if (!clock.instant().isBefore(Instant.ofEpochSecond(Long.parseLong(unescape(fields[3]))))) {
                return Optional.empty();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 4; i < fields.length; i += 2) {
                headers.put(unescape(fields[i]), unescape(fields[i + 1]));
            }
            return Optional.of(new Identity(unescape(fields[2]), headers));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not base64, not a number, a bad escape
        }
    }

    private static String unescape(String field) {
        return URLDecoder.decode(field, StandardCharsets.UTF_8);
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
