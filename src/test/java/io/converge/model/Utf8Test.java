package io.converge.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** RFC 8259 §8.1: a document is UTF-8; anything else is rejected at its byte, never turned into U+FFFD. */
class Utf8Test {
    private static final String KEY = "converge/specs/services/hello";
    private static final String BEFORE = "{\"apiVersion\":\"converge/v1\",\"kind\":\"Service\",\"metadata\":{\"name\":"
            + "\"hello\"},\"spec\":{\"image\":\"busybox\",\"env\":{\"A\":\"";
    private static final String AFTER = "\"}}}";

    static Stream<Arguments> notUtf8() {
        return Stream.of(
                Arguments.of("a stray byte", new byte[] {(byte) 0xff}),
                Arguments.of("an overlong '/'", new byte[] {(byte) 0xc0, (byte) 0xaf}),
                Arguments.of("an overlong 3-byte form", new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}),
                Arguments.of("an encoded lone surrogate", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}),
                Arguments.of("a lone continuation byte", new byte[] {(byte) 0x80}),
                Arguments.of("a truncated sequence", new byte[] {(byte) 0xe2, (byte) 0x82}),
                Arguments.of("beyond U+10FFFF", new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notUtf8")
    void isRejectedWithItsByteOffset(String what, byte[] bad) {
        byte[] before = BEFORE.getBytes(StandardCharsets.UTF_8);
        byte[] after = AFTER.getBytes(StandardCharsets.UTF_8);
        byte[] doc = new byte[before.length + bad.length + after.length];
        System.arraycopy(before, 0, doc, 0, before.length);
        System.arraycopy(bad, 0, doc, before.length, bad.length);
        System.arraycopy(after, 0, doc, before.length + bad.length, after.length);

        Validation v = new DocumentValidator().validate(KEY, Kind.SERVICE, "hello", doc, 1);
        assertThat(v.isValid()).isFalse();
        assertThat(v.message()).isEqualTo(KEY + ": /: invalid UTF-8 at byte " + before.length
                + String.format(" (0x%02x)", bad[0] & 0xff) + ": documents must be UTF-8 text");
    }

    @Test
    void validMultiByteTextIsAccepted() {
        byte[] doc = (BEFORE + "héllo, 世界 😀" + AFTER).getBytes(StandardCharsets.UTF_8);
        Validation v = new DocumentValidator().validate(KEY, Kind.SERVICE, "hello", doc, 1);
        assertThat(v.isValid()).as(v.message()).isTrue();
        assertThat(v.resource().spec().path("env").path("A").asText()).isEqualTo("héllo, 世界 😀");
    }

    @Test
    void theSizeLimitCountsBytesNotCharacters() {
        String doc = BEFORE + "é".repeat(60) + AFTER;
        int limit = doc.length() + 10;
        byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isGreaterThan(limit);
        Validation v = new DocumentValidator(limit).validate(KEY, Kind.SERVICE, "hello", bytes, 1);
        assertThat(v.message()).contains("document is " + bytes.length + " bytes, more than the limit of " + limit
                + " bytes");
    }

    @Test
    void anEscapedLoneSurrogateIsRejectedAtItsPath() {
        byte[] doc = (BEFORE + "a\\ud800b" + AFTER).getBytes(StandardCharsets.UTF_8);
        Validation v = new DocumentValidator().validate(KEY, Kind.SERVICE, "hello", doc, 1);
        assertThat(v.message()).contains("/spec/env/A: contains an unpaired surrogate");
    }
}
