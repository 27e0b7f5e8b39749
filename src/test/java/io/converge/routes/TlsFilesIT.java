package io.converge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The certificate and key check against keys as openssl writes them (PKCS#8, PKCS#1 RSA, SEC1 EC, Ed25519,
 * encrypted): a matching pair passes, any other pair is refused with what is wrong, so that Caddy never gets a pair
 * that would make it refuse converge's whole configuration.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsFilesIT {
    private Path dir;

    @BeforeAll
    void keys() throws Exception {
        dir = Files.createDirectories(Path.of("target", "tls-files-it"));
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", file("rsa8.key"));
        openssl("rsa", "-in", file("rsa8.key"), "-traditional", "-out", file("rsa1.key"));
        openssl("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", file("ec1.key"));
        openssl("pkcs8", "-topk8", "-nocrypt", "-in", file("ec1.key"), "-out", file("ec8.key"));
        openssl("genpkey", "-algorithm", "ED25519", "-out", file("ed.key"));
        openssl("pkcs8", "-topk8", "-in", file("rsa8.key"), "-passout", "pass:secret", "-out", file("enc.key"));
        for (String key : List.of("rsa8", "ec1", "ed")) {
            openssl("req", "-x509", "-new", "-key", file(key + ".key"), "-subj", "/CN=" + key + ".example.jp",
                    "-days", "2", "-out", file(key + ".crt"));
        }
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
    }

    @Test
    void matchingPairsInEveryFormatPass() {
        assertThat(TlsFiles.problem(file("rsa8.crt"), file("rsa8.key"))).isEmpty();
        assertThat(TlsFiles.problem(file("rsa8.crt"), file("rsa1.key"))).as("PKCS#1 RSA").isEmpty();
        assertThat(TlsFiles.problem(file("ec1.crt"), file("ec1.key"))).as("SEC1 EC").isEmpty();
        assertThat(TlsFiles.problem(file("ec1.crt"), file("ec8.key"))).as("PKCS#8 EC").isEmpty();
        assertThat(TlsFiles.problem(file("ed.crt"), file("ed.key"))).as("Ed25519").isEmpty();
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedWhateverItsFormat() {
        assertThat(TlsFiles.problem(file("ec1.crt"), file("rsa1.key"))).hasValueSatisfying(p ->
                assertThat(p).contains("does not match", "ec1.crt"));
        assertThat(TlsFiles.problem(file("rsa8.crt"), file("ec1.key"))).hasValueSatisfying(p ->
                assertThat(p).contains("does not match"));
        assertThat(TlsFiles.problem(file("ed.crt"), file("ec8.key"))).hasValueSatisfying(p ->
                assertThat(p).contains("does not match"));
    }

    @Test
    void anEncryptedOrMissingKeyIsRefusedSayingSo() {
        assertThat(TlsFiles.problem(file("rsa8.crt"), file("enc.key"))).hasValueSatisfying(p ->
                assertThat(p).contains("holds no private key converge can read"));
        assertThat(TlsFiles.problem(file("rsa8.crt"), file("nonexistent.key"))).hasValueSatisfying(p ->
                assertThat(p).contains("cannot be read"));
        assertThat(TlsFiles.problem(file("rsa8.key"), file("rsa8.key"))).hasValueSatisfying(p ->
                assertThat(p).contains("holds no PEM certificate"));
    }
}
