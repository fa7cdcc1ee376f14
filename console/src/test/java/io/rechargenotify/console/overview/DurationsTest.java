package io.rechargenotify.console.overview;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ages on the overview read as seconds up to two minutes, minutes up to two hours, hours beyond, "none" for none. */
class DurationsTest {

    private Locale defaultLocale;

    /** The words use the JVM's default locale for the decimal point; pinned so the expectations read as documented. */
    @BeforeEach
    void englishNumbers() {
        defaultLocale = Locale.getDefault();
        Locale.setDefault(Locale.ROOT);
    }

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(defaultLocale);
    }

    @ParameterizedTest(name = "{0} s reads \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            0       | none
            -3      | none
            1       | 1 s
            42      | 42 s
            119     | 119 s
            120     | 2 min
            420     | 7 min
            7140    | 119 min
            7200    | 2.0 h
            12600   | 3.5 h
            172800  | 48.0 h
            """)
    void ageInWords(double seconds, String words) {
        assertThat(Durations.words(seconds)).isEqualTo(words);
    }
}
