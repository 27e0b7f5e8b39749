/** The one {@code @ConfigMapping} root, with a group per room. Depends on nothing else in converge. */
package io.converge.config;
