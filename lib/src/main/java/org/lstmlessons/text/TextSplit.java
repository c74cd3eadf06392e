package org.lstmlessons.text;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.lstmlessons.LessonConfig;

/**
 * A text cut into training, validation and test parts in book order, by tenths (lesson 5: 8, 1 and
 * the rest; lesson 6: 9 and the rest). Whatever a tenth's rounding leaves goes to the last part. The
 * parts a model reads are cut to the fast-mode limit ({@link LessonConfig#textSize}), each on its
 * own, so a lesson never sizes its text itself; {@link #trainTokens} is never limited (a vocabulary
 * counts words over the whole training part).
 *
 * @param length        tokens in the whole text
 * @param trainEnd      where the training part ends (exclusive)
 * @param validationEnd where the validation part ends; the test part runs from here to the end
 * @param config        the settings whose limits apply
 */
public record TextSplit(int length, int trainEnd, int validationEnd, LessonConfig config) {

    public TextSplit {
        if (trainEnd < 1 || trainEnd > validationEnd || validationEnd > length) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "TextSplit: parts must be 0 < trainEnd (%d) <= validationEnd (%d) <= length (%d).",
                    trainEnd, validationEnd, length));
        }
    }

    /**
     * The first {@code trainTenths} tenths train, the next {@code validationTenths} validate, the
     * rest tests, with the current settings ({@link LessonConfig#current()}).
     *
     * @throws IllegalArgumentException if the tenths are not at least 1 and 0 and at most 10 in all
     */
    public static TextSplit inTenths(int length, int trainTenths, int validationTenths) {
        return inTenths(length, trainTenths, validationTenths, LessonConfig.current());
    }

    /** {@link #inTenths(int, int, int)} with explicit settings. */
    public static TextSplit inTenths(int length, int trainTenths, int validationTenths, LessonConfig config) {
        if (trainTenths < 1 || validationTenths < 0 || trainTenths + validationTenths > 10) {
            throw new IllegalArgumentException("TextSplit.inTenths: give at least 1 tenth to training and at most 10 "
                    + "in all, got " + trainTenths + " and " + validationTenths + ".");
        }
        int tenth = length / 10;
        int validationEnd = trainTenths + validationTenths == 10 ? length : tenth * (trainTenths + validationTenths);
        return new TextSplit(length, tenth * trainTenths, validationEnd, config);
    }

    /** The training part of the tokens themselves, never limited (e.g. to count a vocabulary). */
    public <T> List<T> trainTokens(List<T> tokens) {
        return tokens.subList(0, trainEnd);
    }

    /** The training part's indices a model reads (limited in fast mode). */
    public int[] train(int[] ids) {
        return part(ids, 0, trainEnd);
    }

    /** The validation part's indices (limited in fast mode). */
    public int[] validation(int[] ids) {
        return part(ids, trainEnd, validationEnd);
    }

    /** The test part's indices (limited in fast mode; empty when validation runs to the end). */
    public int[] test(int[] ids) {
        return part(ids, validationEnd, length);
    }

    private int[] part(int[] ids, int from, int to) {
        if (ids.length != length) {
            throw new IllegalArgumentException("TextSplit: this split is for a text of " + length + " tokens, got "
                    + ids.length + "; make the split from the same text the indices encode.");
        }
        return Arrays.copyOfRange(ids, from, from + config.textSize(to - from));
    }
}
