package io.converge.model;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding (RFC 8259 §8.1: JSON text is UTF-8). A stray byte, an overlong form, an encoded
 * surrogate, a lone continuation byte or a truncated sequence is an error at its byte offset, never a silent
 * U+FFFD.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** The outcome: the text, or the offset and value of the first byte that is not valid UTF-8. */
    public record Decoded(String text, int badOffset, int badByte) {
        public boolean ok() {
            return text != null;
        }

        /** {@code invalid UTF-8 at byte 57 (0xc0)}; only when not ok. */
        public String problem() {
            return "invalid UTF-8 at byte " + badOffset + String.format(" (0x%02x)", badByte)
                    + ": documents must be UTF-8 text";
        }
    }

    public static Decoded decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            return new Decoded(null, at, at < bytes.length ? bytes[at] & 0xff : 0);
        }
        return new Decoded(out.flip().toString(), -1, -1);
    }
}
