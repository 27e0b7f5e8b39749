package io.converge.sync;

/**
 * What became of one action.
 *
 * @param action  the action
 * @param result  whether it was carried out
 * @param message why not ({@code null} when done)
 */
public record SyncOutcome(SyncAction action, Result result, String message) {

    public enum Result {
        /** Written, deleted, or nothing to do. */
        DONE,
        /** Check-and-set failed: the key changed since it was read; it was left as the other writer left it. */
        CONFLICT,
        /** The store refused the operation for another reason. */
        FAILED,
        /** Not tried: an earlier batch failed as a whole. */
        NOT_ATTEMPTED
    }

    public static SyncOutcome done(SyncAction action) {
        return new SyncOutcome(action, Result.DONE, null);
    }

    public boolean ok() {
        return result == Result.DONE;
    }

    /** The line printed for it: {@code service/hello created}, {@code service/hello conflict: ...}. */
    public String line() {
        String ref = action.ref();
        return switch (result) {
            case DONE -> action.line(false);
            case CONFLICT -> ref + " conflict: changed since read, not "
                    + (action.verb() == SyncAction.Verb.PRUNED ? "deleted" : "overwritten");
            case FAILED -> ref + " failed: " + message;
            case NOT_ATTEMPTED -> ref + " not written: " + message;
        };
    }
}
