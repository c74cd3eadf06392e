package org.lstmlessons.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text cut into tokens for a word-level language model (lesson 5): lower-case words (letters, with
 * inner apostrophes and hyphens: {@code whale's}, {@code sperm-whale}), numbers, and the punctuation
 * marks {@code . , ; : ! ? "} as tokens of their own, so that sampled text can end its sentences.
 * Everything else (spaces, line breaks, other symbols) only separates tokens.
 */
public final class Tokens {

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}]+(?:['’\\-][\\p{L}]+)*|\\d+|[.,;:!?\"]");

    private Tokens() {
    }

    /** The tokens of {@code text}, in order. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT).replace('’', '\''));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** {@code text} with its invisible characters shown: a line break as ¶, a space as ␣ (tables of symbols). */
    public static String visible(String text) {
        return text.equals(" ") ? "\u2423" : text.replace("\n", "\u00b6");
    }

    /** Tokens joined back into readable text: a space between words, none before punctuation. */
    public static String join(List<String> tokens) {
        StringBuilder sb = new StringBuilder();
        for (String t : tokens) {
            boolean mark = t.length() == 1 && ".,;:!?".contains(t);
            if (sb.length() > 0 && !mark) {
                sb.append(' ');
            }
            sb.append(t);
        }
        return sb.toString();
    }
}
