/**
 * Resource documents, their validation against {@code crds-as-json/}, and status with conditions. Pure: no I/O
 * beyond reading the bundled schemas; depends on nothing else in converge.
 */
package io.converge.model;
