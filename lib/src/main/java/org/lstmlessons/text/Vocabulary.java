package org.lstmlessons.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The symbols a language model knows, each with an index (lessons 5 and 6): the most frequent words
 * plus {@value #UNKNOWN} for every other word, or the distinct characters of a text. Index {@code i}
 * is row {@code i} of the embedding and column {@code i} of the softmax.
 */
public final class Vocabulary {

    /** The token that stands for every word outside the vocabulary. */
    public static final String UNKNOWN = "<unk>";

    private final List<String> symbols;
    private final Map<String, Integer> index = new HashMap<>();
    private final long[] counts;
    private final int unknown;

    private Vocabulary(List<String> symbols, long[] counts, int unknown) {
        this.symbols = List.copyOf(symbols);
        for (int i = 0; i < symbols.size(); i++) {
            index.put(symbols.get(i), i);
        }
        this.counts = counts;
        this.unknown = unknown;
    }

    /**
     * The {@code size - 1} most frequent tokens of {@code training} plus {@value #UNKNOWN} (index 0);
     * ties are broken alphabetically, so the same text always gives the same vocabulary.
     * {@link #count(int)} of {@value #UNKNOWN} is the number of training tokens it replaces.
     */
    public static Vocabulary ofWords(List<String> training, int size) {
        if (size < 2) {
            throw new IllegalArgumentException("a word vocabulary needs at least 2 entries (" + UNKNOWN + " and one word), not " + size);
        }
        Map<String, Long> freq = new HashMap<>();
        for (String t : training) {
            freq.merge(t, 1L, Long::sum);
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(freq.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<String> symbols = new ArrayList<>();
        symbols.add(UNKNOWN);
        long[] counts = new long[Math.min(size, sorted.size() + 1)];
        long kept = 0;
        for (int i = 0; i < counts.length - 1; i++) {
            symbols.add(sorted.get(i).getKey());
            counts[i + 1] = sorted.get(i).getValue();
            kept += counts[i + 1];
        }
        counts[0] = training.size() - kept;
        return new Vocabulary(symbols, counts, 0);
    }

    /** Every distinct character of {@code text}, in code-point order (a character model has no unknowns). */
    public static Vocabulary ofChars(String text) {
        Map<String, Long> freq = new HashMap<>();
        text.codePoints().forEach(c -> freq.merge(new String(Character.toChars(c)), 1L, Long::sum));
        List<String> symbols = new ArrayList<>(freq.keySet());
        Collections.sort(symbols);
        long[] counts = new long[symbols.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = freq.get(symbols.get(i));
        }
        return new Vocabulary(symbols, counts, -1);
    }

    /** How many symbols. */
    public int size() {
        return symbols.size();
    }

    /** The index of {@code symbol}; {@value #UNKNOWN}'s for a word outside the vocabulary. */
    public int index(String symbol) {
        Integer i = index.get(symbol);
        if (i != null) {
            return i;
        }
        if (unknown < 0) {
            throw new IllegalArgumentException("'" + symbol + "' is not in this character vocabulary of " + size()
                    + " symbols; build the vocabulary from a text that contains it.");
        }
        return unknown;
    }

    /** The symbol at {@code i}. */
    public String symbol(int i) {
        return symbols.get(i);
    }

    /** How often symbol {@code i} occurred in the text the vocabulary was built from. */
    public long count(int i) {
        return counts[i];
    }

    /** Token by token, their indices. */
    public int[] encode(List<String> tokens) {
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = index(tokens.get(i));
        }
        return ids;
    }

    /** Character by character, their indices (character vocabularies). */
    public int[] encodeChars(String text) {
        return text.codePoints().map(c -> index(new String(Character.toChars(c)))).toArray();
    }

    /** The symbols of {@code ids}. */
    public List<String> decode(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            out.add(symbol(id));
        }
        return out;
    }

    /** The share of {@code ids} that are {@value #UNKNOWN} (0 for a character vocabulary). */
    public double unknownShare(int[] ids) {
        if (unknown < 0 || ids.length == 0) {
            return 0;
        }
        long n = 0;
        for (int id : ids) {
            if (id == unknown) {
                n++;
            }
        }
        return (double) n / ids.length;
    }

    /**
     * The {@code top} most frequent symbols as a table: columns index, symbol (spaces and line
     * breaks made visible, {@link Tokens#visible}), count and share of all tokens counted.
     */
    public Table frequencyTable(String title, int top) {
        long total = java.util.Arrays.stream(counts).sum();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingLong(i -> -counts[i]).thenComparing(i -> i));
        List<Integer> shown = order.subList(0, Math.min(top, order.size()));
        Table t = Table.create(title,
                IntColumn.create("index", shown.stream().mapToInt(Integer::intValue).toArray()),
                StringColumn.create("symbol", shown.stream().map(i -> Tokens.visible(symbols.get(i))).toList()),
                LongColumn.create("count", shown.stream().mapToLong(i -> counts[i]).toArray()),
                DoubleColumn.create("share", shown.stream().mapToDouble(i -> (double) counts[i] / total).toArray()));
        t.doubleColumn("share").setPrintFormatter(tech.tablesaw.columns.numbers.NumberColumnFormatter.percent(2));
        return t;
    }

    @Override
    public String toString() {
        return size() + " symbols" + (unknown >= 0 ? " (with " + UNKNOWN + ")" : "");
    }
}
