package io.converge.routes.auth;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.stream.Collectors;

/** Attribute values made safe to send as one HTTP header value. Pure. */
public final class HeaderValues {
    private HeaderValues() {
    }

    /**
     * {@code value} without CR, LF or any other control character (so that a value from the directory can never
     * start a header of its own or end the head), trimmed.
     */
    public static String sanitise(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().filter(c -> !Character.isISOControl(c)).forEach(out::appendCodePoint);
        return out.toString().strip();
    }

    /** The values of a multi-valued attribute as one header value: each sanitised, empty ones dropped, joined by {@code ,}. */
    public static String join(Collection<String> values) {
        return values.stream().map(HeaderValues::sanitise).filter(v -> !v.isEmpty()).collect(Collectors.joining(","));
    }

    /**
     * {@code value} as the HTTP layer must write it: its UTF-8 bytes, one char each, since Netty writes each char
     * of a header value as one byte. A name with non-ASCII letters thus reaches the upstream as UTF-8.
     */
    public static String wire(String value) {
        return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
