/**
 * The backup store of the Service room on a directory: gzipped tar archives with {@code sha256sum} checksum
 * files, written atomically, rotated, verified and restored ({@link io.converge.services.BackupRestore}). Depends on
 * the room's port, {@code model} and commons-compress.
 */
package io.converge.services.archive;
