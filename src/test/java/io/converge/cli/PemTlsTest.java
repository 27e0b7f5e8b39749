package io.converge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.junit.jupiter.api.Test;

class PemTlsTest {
    private static final Path PEM = Path.of("src/test/resources/pem");

    @Test
    void aPkcs1RsaKeyReadsAsTheSameKeyAsItsPkcs8Form() throws Exception {
        PrivateKey pkcs1 = PemTls.privateKey(PEM.resolve("rsa-pkcs1.key"));
        PrivateKey pkcs8 = PemTls.privateKey(PEM.resolve("rsa-pkcs8.key"));
        assertThat(pkcs1.getAlgorithm()).isEqualTo("RSA");
        assertThat(pkcs1.getEncoded()).isEqualTo(pkcs8.getEncoded());
    }

    @Test
    void aSec1EcKeyAsConsulWritesItReadsAsTheSameKeyAsItsPkcs8Form() throws Exception {
        PrivateKey sec1 = PemTls.privateKey(PEM.resolve("ec-sec1.key"));
        PrivateKey pkcs8 = PemTls.privateKey(PEM.resolve("ec-pkcs8.key"));
        assertThat(sec1.getAlgorithm()).isEqualTo("EC");
        assertThat(((java.security.interfaces.ECPrivateKey) sec1).getS())
                .isEqualTo(((java.security.interfaces.ECPrivateKey) pkcs8).getS());
        assertThat(((java.security.interfaces.ECPrivateKey) sec1).getParams().getCurve())
                .isEqualTo(((java.security.interfaces.ECPrivateKey) pkcs8).getParams().getCurve());
    }

    @Test
    void aFileWithoutAKeySaysWhatItLookedFor() throws Exception {
        Path file = Files.createTempFile("nokey", ".pem");
        Files.writeString(file, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> PemTls.privateKey(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("EC PRIVATE KEY");
    }
}
