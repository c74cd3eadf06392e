package org.lstmlessons.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.lstmlessons.LessonConfig;

class TextSplitTest {

    private static LessonConfig config(Map<String, String> env) {
        return LessonConfig.from(Map.of("user.home", "/h")::get, env::get);
    }

    private static final int[] IDS = IntStream.range(0, 105).toArray();

    @Test
    void tenthsInBookOrderWithTheRoundingLeftToTheLastPart() {
        TextSplit split = TextSplit.inTenths(105, 8, 1, config(Map.of()));
        assertEquals(80, split.trainEnd());
        assertEquals(90, split.validationEnd());
        assertArrayEquals(IntStream.range(0, 80).toArray(), split.train(IDS));
        assertArrayEquals(IntStream.range(80, 90).toArray(), split.validation(IDS));
        assertArrayEquals(IntStream.range(90, 105).toArray(), split.test(IDS));

        TextSplit noTest = TextSplit.inTenths(105, 9, 1, config(Map.of()));
        assertArrayEquals(IntStream.range(90, 105).toArray(), noTest.validation(IDS), "validation runs to the end");
        assertEquals(0, noTest.test(IDS).length);
    }

    @Test
    void fastModeLimitsEveryPartOnItsOwnButNotTheVocabularysTokens() {
        TextSplit split = TextSplit.inTenths(105, 8, 1, config(Map.of("LSTM_LESSONS_TEXT_LIMIT", "12")));
        assertArrayEquals(IntStream.range(0, 12).toArray(), split.train(IDS));
        assertArrayEquals(IntStream.range(80, 90).toArray(), split.validation(IDS), "10 tokens are under the limit");
        assertArrayEquals(IntStream.range(90, 102).toArray(), split.test(IDS));
        List<Integer> tokens = IntStream.range(0, 105).boxed().toList();
        assertEquals(80, split.trainTokens(tokens).size());
    }

    @Test
    void badTenthsAndAnotherTextAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TextSplit.inTenths(105, 0, 1, config(Map.of())));
        assertThrows(IllegalArgumentException.class, () -> TextSplit.inTenths(105, 8, 3, config(Map.of())));
        TextSplit split = TextSplit.inTenths(105, 8, 1, config(Map.of()));
        var e = assertThrows(IllegalArgumentException.class, () -> split.train(new int[50]));
        assertTrue(e.getMessage().contains("105 tokens, got 50"), e.getMessage());
    }
}
