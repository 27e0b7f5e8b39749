package io.converge.routes;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Unencrypted PEM private keys as openssl and the usual tools write them: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 RSA
 * ({@code RSA PRIVATE KEY}) and SEC1 EC ({@code EC PRIVATE KEY}); the last two are rewrapped as PKCS#8, which is what
 * the JDK reads. Pure.
 */
final class PemKeys {
    private static final byte[] RSA_ALGORITHM = HexFormat.of().parseHex("300d06092a864886f70d0101010500");
    private static final byte[] EC_PUBLIC_KEY_OID = HexFormat.of().parseHex("06072a8648ce3d0201");

    private PemKeys() {
    }

    /** The private key in {@code pem}, or empty when it holds none of the formats above (encrypted, say). */
    static Optional<PrivateKey> read(String pem) throws GeneralSecurityException {
        Optional<byte[]> pkcs8 = block(pem, "PRIVATE KEY");
        if (pkcs8.isPresent()) {
            return Optional.of(pkcs8Key(pkcs8.get()));
        }
        Optional<byte[]> rsa = block(pem, "RSA PRIVATE KEY");
        if (rsa.isPresent()) {
            return Optional.of(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                    sequence(integerZero(), RSA_ALGORITHM, tlv(0x04, rsa.get())))));
        }
        Optional<byte[]> ec = block(pem, "EC PRIVATE KEY");
        if (ec.isPresent()) {
            byte[] curve = curveOf(ec.get());
            return Optional.of(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                    sequence(integerZero(), sequence(EC_PUBLIC_KEY_OID, curve), tlv(0x04, ec.get())))));
        }
        return Optional.empty();
    }

    private static PrivateKey pkcs8Key(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    private static Optional<byte[]> block(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            return Optional.empty();
        }
        String body = pem.substring(from + begin.length(), to);
        if (body.contains("Proc-Type") || body.contains("ENCRYPTED")) {
            return Optional.empty();
        }
        return Optional.of(Base64.getMimeDecoder().decode(body.replaceAll("\\s", "")));
    }

    /** The named-curve OID (its whole TLV) in a SEC1 ECPrivateKey's {@code [0] parameters}. */
    private static byte[] curveOf(byte[] sec1) throws GeneralSecurityException {
        int i = headerLength(sec1, 0);
        while (i < sec1.length) {
            int tag = sec1[i] & 0xff;
            int length = length(sec1, i);
            int header = headerLength(sec1, i);
            if (tag == 0xa0) {
                byte[] oid = new byte[length];
                System.arraycopy(sec1, i + header, oid, 0, length);
                return oid;
            }
            i += header + length;
        }
        throw new GeneralSecurityException("an EC PRIVATE KEY without its curve");
    }

    private static int headerLength(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        return first < 0x80 ? 2 : 2 + (first & 0x7f);
    }

    private static int length(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int n = 0;
        for (int k = 0; k < (first & 0x7f); k++) {
            n = (n << 8) | (der[at + 2 + k] & 0xff);
        }
        return n;
    }

    private static byte[] integerZero() {
        return new byte[] {0x02, 0x01, 0x00};
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
