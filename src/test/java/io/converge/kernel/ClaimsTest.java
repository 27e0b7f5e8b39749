package io.converge.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.converge.kernel.Claims.Claimant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClaimsTest {
    private final Claims<Integer> claims = new Claims<>();
    private final List<String> requeued = new ArrayList<>();
    private static final Claimant A = new Claimant("a", "pf-a", "portforwards/a", false);
    private static final Claimant B = new Claimant("b", "pf-b", "portforwards/b", false);
    private static final Claimant TAGGED = new Claimant("consul:x", "export-x", "service x", true);

    @Test
    void aFreeKeyGoesToADocumentBeforeATaggedServiceThenById() {
        assertThat(claims.settle("consul:x", 80, List.of(TAGGED, B, A), requeued::addAll)).isEqualTo(A);
    }

    @Test
    void theHolderKeepsItsKeyAgainstANewcomerThatSortsFirst() {
        claims.settle("b", 80, List.of(B), requeued::addAll);
        assertThat(claims.settle("a", 80, List.of(A, B), requeued::addAll)).isEqualTo(B);
        assertThat(requeued).as("b is looked at again when a claims its key").containsExactly("b");
    }

    @Test
    void releasingAKeyRequeuesTheOthersThatClaimedIt() {
        claims.settle("b", 80, List.of(B), requeued::addAll);
        claims.settle("a", 80, List.of(A, B), requeued::addAll);
        requeued.clear();
        claims.release("b", requeued::addAll);
        assertThat(requeued).containsExactly("a");
        assertThat(claims.settle("a", 80, List.of(A), requeued::addAll)).isEqualTo(A);
    }

    @Test
    void movingToAnotherKeyFreesTheOldOne() {
        claims.settle("a", 80, List.of(A), requeued::addAll);
        claims.settle("b", 80, List.of(A, B), requeued::addAll);
        requeued.clear();
        claims.settle("a", 81, List.of(A), requeued::addAll);
        assertThat(requeued).containsExactly("b");
        assertThat(claims.settle("b", 80, List.of(B), requeued::addAll)).isEqualTo(B);
    }
}
