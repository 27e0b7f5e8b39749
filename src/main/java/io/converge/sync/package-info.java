/**
 * GitOps sync ({@code converge sync DIR [--prune] [--dry-run]}, SPEC §8): makes the stored spec documents equal
 * to a directory of documents. {@link io.converge.sync.SyncPlanner} is a pure function of the documents on disk
 * and the stored ones (with their ModifyIndex) to one {@link io.converge.sync.SyncAction} per document;
 * {@link io.converge.sync.SyncExecutor} writes the changes through the {@link io.converge.sync.SpecStore} port in
 * check-and-set transactions of at most 64 operations (Consul's limit); {@code sync.consul} is the Consul adapter.
 * Documents sync writes carry the annotation {@link io.converge.sync.ManagedDocuments#ANNOTATION}; only those are
 * ever pruned. Plain Java, no CDI: the picocli command is a thin shell over these classes. Depends on
 * {@code model} (kinds, lenient parsing), Jackson and, in {@code sync.consul} only, {@code consul}.
 */
package io.converge.sync;
