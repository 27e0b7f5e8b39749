package io.converge.kernel;

/** Why a key was enqueued. It only decides how the key is queued, never what the reconciler does. */
public enum Trigger {
    /** The desired state changed (a spec key was written or deleted): run now, even during backoff. */
    DESIRED,
    /** The world changed (a Docker event, a catalog change): run now unless the key is backing off. */
    OBSERVED,
    /** A periodic or start-up resync: like {@link #OBSERVED}. */
    RESYNC
}
