package io.converge.model;

import com.cronutils.mapper.CronMapper;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;

/**
 * A {@code backup.schedule}: a cron expression in one of two forms, told apart by the number of fields.
 * <ul>
 *   <li>5 fields, crontab's: {@code minute hour day-of-month month day-of-week} ({@code "0 3 * * *"});</li>
 *   <li>6 or 7 fields, Quartz's (Quarkus's scheduler's own): {@code second minute hour day-of-month month
 *       day-of-week [year]}, with {@code ?} in one of the two day fields ({@code "*&#47;2 * * * * ?"}).</li>
 * </ul>
 * Both are checked here, when a document is validated, and handed to the scheduler in Quartz form. Pure.
 */
public final class CronSchedule {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser QUARTZ =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private CronSchedule() {
    }

    /**
     * The Quartz form of {@code expression}.
     *
     * @throws IllegalArgumentException naming what is wrong, in words a user can act on
     */
    public static String quartz(String expression) {
        String trimmed = expression.trim();
        int fields = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        try {
            if (fields == 5) {
                Cron unix = UNIX.parse(trimmed).validate();
                return CronMapper.fromUnixToQuartz().map(unix).asString();
            }
            if (fields == 6 || fields == 7) {
                return QUARTZ.parse(trimmed).validate().asString();
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a valid " + (fields == 5 ? "crontab" : "Quartz")
                    + " cron expression: " + Quote.cut(String.valueOf(e.getMessage()), 160), e);
        }
        throw new IllegalArgumentException("has " + fields + " fields; a cron expression has 5 (minute hour"
                + " day-of-month month day-of-week, e.g. \"0 3 * * *\") or 6-7 in Quartz form with seconds first"
                + " (e.g. \"0 0 3 * * ?\")");
    }
}
