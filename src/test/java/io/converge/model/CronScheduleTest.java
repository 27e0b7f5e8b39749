package io.converge.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronScheduleTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 3 * * *          | 0 0 3 * * ? *",
            "*/15 * * * 1-5     | 0 */15 * ? * 2-6 *",
            "*/2 * * * * ?      | */2 * * * * ?",
            "0 0 3 ? * MON-FRI  | 0 0 3 ? * 2-6",
            "0 30 2 1 * ? 2030  | 0 30 2 1 * ? 2030"})
    void crontabAndQuartzFormsAreAcceptedAndGivenInQuartzForm(String expression, String quartz) {
        assertThat(CronSchedule.quartz(expression)).isEqualTo(quartz);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0 3 * *", "1 2 3 4 5 6 7 8", "61 * * * *", "0 3 * * * *", "* * * * * * *x",
            "every day", "${user.home} * * * *"})
    void anythingElseIsRefusedWithWhatIsWrong(String expression) {
        assertThatThrownBy(() -> CronSchedule.quartz(expression)).isInstanceOf(IllegalArgumentException.class)
                .message().satisfiesAnyOf(m -> assertThat(m).contains("fields"),
                        m -> assertThat(m).contains("cron expression"));
    }
}
