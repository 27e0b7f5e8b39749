/**
 * For benchmarks only: a room that records what is enqueued and acts on nothing
 * ({@link io.converge.recording.RecordingRoom}), run only when {@code converge.bench.record-enqueues} names a kind
 * without a room of its own. May depend on {@code kernel} and {@code model}; no room depends on it, and only
 * {@code app} wires it.
 */
package io.converge.recording;
