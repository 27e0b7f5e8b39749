package io.converge.kernel;

/**
 * A spec key's value as stored, before validation.
 *
 * @param modifyIndex the key's Consul ModifyIndex: the resource's generation
 */
public record RawDocument(String key, byte[] value, long modifyIndex) {
}
