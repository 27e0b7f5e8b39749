package io.converge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS context from the PEM files Consul's variables name ({@code CONSUL_CACERT}, {@code CONSUL_CLIENT_CERT},
 * {@code CONSUL_CLIENT_KEY}): the CA to trust, and a client certificate with its key in PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}, as
 * {@code consul tls cert create} writes it). Unencrypted keys only, as for the operator.
 */
final class PemTls {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final char[] NO_PASSWORD = new char[0];

    private PemTls() {
    }

    static SSLContext context(Optional<String> caCert, Optional<String> clientCert, Optional<String> clientKey) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caCert.isPresent()) {
                KeyStore cas = emptyStore();
                int i = 0;
                for (Certificate c : certificates(Path.of(caCert.get()))) {
                    cas.setCertificateEntry("ca" + i++, c);
                }
                trust.init(cas);
            } else {
                trust.init((KeyStore) null);
            }
            KeyManagerFactory keys = null;
            if (clientCert.isPresent() && clientKey.isPresent()) {
                KeyStore store = emptyStore();
                store.setKeyEntry("client", privateKey(Path.of(clientKey.get())), NO_PASSWORD,
                        certificates(Path.of(clientCert.get())));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, NO_PASSWORD);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Consul TLS files: " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static Certificate[] certificates(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Certificate[] certs = CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .toArray(new Certificate[0]);
            if (certs.length == 0) {
                throw new IOException(file + ": no certificate in it");
            }
            return certs;
        }
    }

    /** The first private key in a PEM file. */
    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        Matcher m = BLOCK.matcher(Files.readString(file));
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (m.group(1)) {
                case "PRIVATE KEY":
                    return pkcs8(der);
                case "RSA PRIVATE KEY":
                    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                            Der.pkcs8(Der.RSA_ENCRYPTION, null, der)));
                case "EC PRIVATE KEY":
                    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                            Der.pkcs8(Der.EC_PUBLIC_KEY, Der.curveOf(der), der)));
                default:
                    break;
            }
        }
        throw new IOException(file + ": no unencrypted private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Just enough DER to wrap a PKCS#1 or SEC1 key into PKCS#8. */
    static final class Der {
        /** 1.2.840.113549.1.1.1 */
        static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d,
            0x01, 0x01, 0x01};
        /** 1.2.840.10045.2.1 */
        static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

        private Der() {
        }

        /** SEQUENCE { INTEGER 0, SEQUENCE { algorithm, parameters (NULL when none) }, OCTET STRING key } */
        static byte[] pkcs8(byte[] algorithm, byte[] parameters, byte[] key) {
            byte[] params = parameters == null ? new byte[] {0x05, 0x00} : parameters;
            return tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, tlv(0x30, concat(algorithm, params)),
                    tlv(0x04, key)));
        }

        /** The named curve's OID (with its tag) from a SEC1 ECPrivateKey's {@code [0]} parameters. */
        static byte[] curveOf(byte[] sec1) throws IOException {
            int[] seq = header(sec1, 0);
            int p = seq[0];
            int end = seq[0] + seq[1];
            while (p < end) {
                int tag = sec1[p] & 0xff;
                int[] h = header(sec1, p);
                if (tag == 0xa0) {
                    int[] oid = header(sec1, h[0]);
                    return java.util.Arrays.copyOfRange(sec1, h[0], oid[0] + oid[1]);
                }
                p = h[0] + h[1];
            }
            throw new IOException("EC PRIVATE KEY without its curve (parameters [0])");
        }

        /** {content offset, content length} of the element at {@code p}. */
        private static int[] header(byte[] der, int p) throws IOException {
            if (p + 1 >= der.length) {
                throw new IOException("truncated DER");
            }
            int len = der[p + 1] & 0xff;
            if (len < 0x80) {
                return new int[] {p + 2, len};
            }
            int bytes = len & 0x7f;
            return new int[] {p + 2 + bytes, new BigInteger(1, java.util.Arrays.copyOfRange(der, p + 2,
                    p + 2 + bytes)).intValueExact()};
        }

        private static byte[] tlv(int tag, byte[] content) {
            byte[] length = content.length < 0x80 ? new byte[] {(byte) content.length} : longLength(content.length);
            return concat(new byte[] {(byte) tag}, length, content);
        }

        private static byte[] longLength(int n) {
            byte[] raw = BigInteger.valueOf(n).toByteArray();
            int skip = raw[0] == 0 ? 1 : 0;
            byte[] out = new byte[raw.length - skip + 1];
            out[0] = (byte) (0x80 | (raw.length - skip));
            System.arraycopy(raw, skip, out, 1, raw.length - skip);
            return out;
        }

        private static byte[] concat(byte[]... parts) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (byte[] part : parts) {
                out.writeBytes(part);
            }
            return out.toByteArray();
        }
    }
}
