package io.converge.routes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Checks a Route's certificate and key files on this proxy node before the proxy is asked to load them: both
 * readable, the certificate a PEM X.509 certificate, and the key its private key (a signature made with the key
 * verifies with the certificate). A pair the proxy would refuse must never reach it: Caddy then refuses converge's
 * whole configuration, and no other route could change on this node.
 */
final class TlsFiles {
    private TlsFiles() {
    }

    /** A short digest of the two files' contents ({@code ""} when they cannot be read). */
    static String digest(String certFile, String keyFile) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(Path.of(certFile)));
            sha.update(Files.readAllBytes(Path.of(keyFile)));
            return java.util.HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            return "";
        }
    }

    /** What is wrong with the pair, or empty when they are usable (or the key's format is left to the proxy). */
    static Optional<String> problem(String certFile, String keyFile) {
        X509Certificate cert;
        try {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(Files.newInputStream(Path.of(certFile)));
        } catch (IOException e) {
            return Optional.of("certificate file " + certFile + " cannot be read: " + why(e));
        } catch (Exception e) {
            return Optional.of("certificate file " + certFile + " holds no PEM certificate");
        }
        String key;
        try {
            key = Files.readString(Path.of(keyFile));
        } catch (IOException e) {
            return Optional.of("key file " + keyFile + " cannot be read: " + why(e));
        }
        try {
            String algorithm = cert.getPublicKey().getAlgorithm();
            Optional<PrivateKey> read = PemKeys.read(key);
            if (read.isEmpty()) {
                return Optional.of("key file " + keyFile + " holds no private key converge can read (unencrypted "
                        + "PEM: PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
            }
            PrivateKey privateKey = read.get();
            String signing = switch (algorithm) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSA";
                default -> algorithm;
            };
            byte[] probe = "converge".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature sign = Signature.getInstance(signing);
            sign.initSign(privateKey);
            sign.update(probe);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(signing);
            verify.initVerify(cert.getPublicKey());
            verify.update(probe);
            return verify.verify(signature) ? Optional.empty()
                    : Optional.of("key file " + keyFile + " does not match certificate " + certFile);
        } catch (Exception e) {
            return Optional.of("key file " + keyFile + " does not match certificate " + certFile + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static String why(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
