package io.converge.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A throw-away CA made with {@code openssl} in a directory of the test's, and certificates it signs. */
public final class TestCa {
    public final Path dir;
    public final Path cert;
    private final Path key;

    private TestCa(Path dir) {
        this.dir = dir;
        this.cert = dir.resolve("ca.crt");
        this.key = dir.resolve("ca.key");
    }

    public static TestCa create(Path dir) throws IOException {
        Files.createDirectories(dir);
        TestCa ca = new TestCa(dir);
        Cmd.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", ca.key.toString(), "-out", ca.cert.toString(), "-subj", "/CN=converge test CA",
                "-days", "2").check();
        return ca;
    }

    /** A certificate and key for {@code dnsName} (may be {@code *.example.test}): {@code [cert, key]} files. */
    public List<Path> issue(String file, String dnsName) throws IOException {
        Path crt = dir.resolve(file + ".crt");
        Path k = dir.resolve(file + ".key");
        Path csr = dir.resolve(file + ".csr");
        Path ext = dir.resolve(file + ".ext");
        Files.writeString(ext, "subjectAltName=DNS:" + dnsName + "\n");
        Cmd.run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", k.toString(), "-out", csr.toString(), "-subj", "/CN=" + dnsName).check();
        Cmd.run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", cert.toString(), "-CAkey", key.toString(),
                "-CAcreateserial", "-out", crt.toString(), "-days", "2", "-extfile", ext.toString()).check();
        return List.of(crt, k);
    }
}
