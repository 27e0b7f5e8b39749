package io.converge.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An {@link SSLContext} for the JDK's HTTP client from the PEM files Consul's CLI makes ({@code consul tls ca create},
 * {@code consul tls cert create -cli}): the CA to trust, and a client certificate whose key is either PKCS#8
 * ({@code PRIVATE KEY}) or, as Consul writes it, SEC1 on P-256 ({@code EC PRIVATE KEY}).
 */
final class PemTls {
    /** DER of PKCS#8's AlgorithmIdentifier for an EC key on prime256v1 (OIDs 1.2.840.10045.2.1, 1.2.840.10045.3.1.7). */
    private static final byte[] EC_P256 = {0x30, 0x13, 0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02,
        0x01, 0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};

    private PemTls() {
    }

    /** Trusts {@code ca} only, and presents {@code cert} with {@code key} when the server asks for a certificate. */
    static SSLContext context(Path ca, Path cert, Path key) throws IOException, GeneralSecurityException {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", x509.generateCertificate(in));
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] none = new char[0];
        try (InputStream in = Files.newInputStream(cert)) {
            keys.setKeyEntry("client", privateKey(key), none, new Certificate[] {x509.generateCertificate(in)});
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, none);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    /** Trusts {@code ca} and has no certificate of its own (a client that the agent's verify_incoming must refuse). */
    static SSLContext trustOnly(Path ca) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file);
        boolean sec1 = pem.contains("-----BEGIN EC PRIVATE KEY-----");
        if (!sec1 && !pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException(file + ": neither an EC PRIVATE KEY nor a PRIVATE KEY (PKCS#8)");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        if (sec1) {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(sec1ToPkcs8(der)));
        }
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException notEc) {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        }
    }

    /** PKCS#8 {@code SEQUENCE { INTEGER 0, AlgorithmIdentifier(EC, P-256), OCTET STRING sec1 }}. */
    private static byte[] sec1ToPkcs8(byte[] sec1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(EC_P256);
        body.writeBytes(tlv(0x04, sec1));
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
