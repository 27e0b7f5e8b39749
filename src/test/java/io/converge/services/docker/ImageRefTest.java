package io.converge.services.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageRefTest {
    private static final String DIGEST = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @ParameterizedTest(name = "{0} -> {1} : {2}")
    @CsvSource({
            "busybox, busybox, latest",
            "busybox:1.36, busybox, 1.36",
            "library/busybox, library/busybox, latest",
            "a/b:1.2, a/b, 1.2",
            "reg:5000/a/b, reg:5000/a/b, latest",
            "reg:5000/a/b:2.0.1, reg:5000/a/b, 2.0.1",
            "reg.example.jp/team/app:v1-rc.2, reg.example.jp/team/app, v1-rc.2",
            "localhost:5000/app, localhost:5000/app, latest",
    })
    void aMissingTagMeansLatest(String image, String repository, String tag) {
        assertThat(ImageRef.parse(image)).isEqualTo(new ImageRef(repository, tag));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "app@" + DIGEST + ", app",
            "reg:5000/a/b@" + DIGEST + ", reg:5000/a/b",
    })
    void aDigestIsPulledByDigest(String image, String repository) {
        assertThat(ImageRef.parse(image)).isEqualTo(new ImageRef(repository, DIGEST));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"app:1.0@" + DIGEST})
    void aTagAndDigestPullsTheDigest(String image) {
        assertThat(ImageRef.parse(image).tag()).isEqualTo(DIGEST);
    }
}
