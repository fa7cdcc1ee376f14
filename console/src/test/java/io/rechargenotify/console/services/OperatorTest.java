package io.rechargenotify.console.services;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The operator's name goes into the RN-Operator header: printable ASCII only, at most 100 characters, or no header. */
class OperatorTest {

    @Test
    void aPlainNameIsSentAsItIs() {
        assertThat(Operator.headerSafe("alice.smith@example.com")).isEqualTo("alice.smith@example.com");
    }

    @Test
    void lineBreaksCannotStartAnotherHeader() {
        assertThat(Operator.headerSafe("alice\r\nRN-Operator: mallory")).isEqualTo("alice??RN-Operator: mallory");
    }

    @Test
    void otherControlCharactersBecomeQuestionMarks() {
        assertThat(Operator.headerSafe("a\tb\u0000c\u007fd\u001be")).isEqualTo("a?b?c?d?e");
    }

    @Test
    void eachNonAsciiCharacterBecomesOneQuestionMark() {
        assertThat(Operator.headerSafe("zoë")).isEqualTo("zo?");
        assertThat(Operator.headerSafe("björn\u00a0x")).isEqualTo("bj?rn?x");
        assertThat(Operator.headerSafe("a\uD83D\uDE00b")).as("an emoji is one code point, two chars")
                .isEqualTo("a?b");
    }

    @Test
    void aLongNameIsCutToTheLimit() {
        String name = "a".repeat(99) + "bc" + "d".repeat(50);

        assertThat(Operator.headerSafe(name)).isEqualTo("a".repeat(99) + "b").hasSize(Operator.MAX_LENGTH);
    }

    @Test
    void aNameOfExactlyTheLimitIsKept() {
        String name = "x".repeat(Operator.MAX_LENGTH);

        assertThat(Operator.headerSafe(name)).isEqualTo(name);
    }

    @Test
    void aLongNonAsciiNameIsCutByCharactersShownNotByUtf16Units() {
        String name = "\uD83D\uDE00".repeat(150);

        assertThat(Operator.headerSafe(name)).isEqualTo("?".repeat(Operator.MAX_LENGTH));
    }

    @Test
    void surroundingSpacesAreDropped() {
        assertThat(Operator.headerSafe("  bob  ")).isEqualTo("bob");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "     " })
    void aBlankNameSendsNoHeader(String blank) {
        assertThat(Operator.headerSafe(blank)).isNull();
    }
}
