/** The cron scheduler of the Service room's backups, on Quarkus's scheduler. Depends on the room's port only. */
package io.converge.services.scheduler;
