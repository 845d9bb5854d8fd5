package org.affinity.embedding.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The pieces of the tokenizer on small cases (the golden test covers real text). */
class TokenizerTest {

    private final BertNormalizer lower = new BertNormalizer(true, true, null, true);

    @Test
    void normalizerCleansSplitsIdeographsStripsAccentsAndLowerCases() {
        assertEquals("a b c", lower.normalize("a\tb\u00A0c"));
        assertEquals("ab", lower.normalize("a\u200Bb\u0007\u0000\uFFFD"), "controls, format characters go");
        assertEquals("x 中  文 y", lower.normalize("x中文y"));
        assertEquals("cafe uber", lower.normalize("Café Über"));
        assertEquals("σσ", lower.normalize("ΣΣ"), "per character: no final sigma");
        assertEquals("i\u0307", new BertNormalizer(true, true, false, true).normalize("İ"), "full lower-case mapping");
        assertEquals("Café", new BertNormalizer(true, true, null, false).normalize("Café"), "no lower-casing, no stripping");
        assertEquals("😀", lower.normalize("😀"), "a supplementary character stays whole");
    }

    @Test
    void preTokenizerSplitsWhitespaceAndIsolatesPunctuation() {
        assertEquals(List.of("hello", ",", "world", "!", "a", "$", "5", "-", "b"),
                BertPreTokenizer.split("hello,world!  a$5-b"));
        assertEquals(List.of("x", "。", "y"), BertPreTokenizer.split("x。y"));
        assertEquals(List.of(), BertPreTokenizer.split("   "));
    }

    @Test
    void wordPieceTakesTheLongestPiecesAndGivesUpOnUncoverableWords() {
        WordPiece pieces = new WordPiece(Map.of("[UNK]", 0, "play", 1, "##ing", 2, "##s", 3, "p", 4), "[UNK]", "##", 10);
        assertArrayEquals(new int[] { 1, 2 }, encode(pieces, "playing"));
        assertArrayEquals(new int[] { 1, 3 }, encode(pieces, "plays"));
        assertArrayEquals(new int[] { 0 }, encode(pieces, "playz"), "one uncoverable piece makes the word unknown");
        assertArrayEquals(new int[] { 1, 2, 3, 3, 3 }, encode(pieces, "playingsss"), "10 characters are allowed");
        assertArrayEquals(new int[] { 0 }, encode(pieces, "playingssss"), "more than 10 are unknown");
        assertArrayEquals(new int[] { 1, 2, 3 }, encode(pieces, "playings"));
    }

    private static int[] encode(WordPiece pieces, String word) {
        IntList ids = new IntList();
        pieces.encode(word, ids);
        return ids.toArray();
    }

    @Test
    void aTokenizerJsonRunsThePipelineWithSpecialTokensAndTruncation() throws Exception {
        WordPieceTokenizer tokenizer = WordPieceTokenizer.read(json(TOKENIZER), null);
        assertArrayEquals(new int[] { 101, 5, 6, 7, 102 }, tokenizer.encode("Hello, world"));
        assertArrayEquals(new int[] { 101, 102 }, tokenizer.encode(""));
        assertArrayEquals(new int[] { 101, 5, 102, 6, 102 }, tokenizer.encode("hello[SEP],"),
                "special tokens in the text are matched before normalization");
        assertArrayEquals(new int[] { 101, 5, 102 }, tokenizer.encode("Hello, world", 3), "first N-1 ids, then [SEP]");
        assertArrayEquals(new int[] { 101, 5, 6, 102 }, tokenizer.encode("Hello, world", 4));
        assertArrayEquals(new int[] { 101, 100, 102 }, WordPieceTokenizer.read(json(TOKENIZER), false).encode("HELLO"),
                "without lower-casing upper case is unknown");
        assertThrows(IllegalArgumentException.class, () -> tokenizer.encode("x", 1));
    }

    @Test
    void pipelinesItDoesNotImplementAreRefused() {
        IOException e = assertThrows(IOException.class,
                () -> WordPieceTokenizer.read(json(TOKENIZER.replace("BertPreTokenizer", "Whitespace")), null));
        assertEquals("tokenizer.json: pre_tokenizer is 'Whitespace', only BertPreTokenizer is implemented", e.getMessage());
    }

    private static ByteArrayInputStream json(String text) {
        return new ByteArrayInputStream(text.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    private static final String TOKENIZER = "{'added_tokens':[{'id':100,'content':'[UNK]'},{'id':101,'content':'[CLS]'},"
            + "{'id':102,'content':'[SEP]'}],"
            + "'normalizer':{'type':'BertNormalizer','clean_text':true,'handle_chinese_chars':true,'strip_accents':null,"
            + "'lowercase':true},'pre_tokenizer':{'type':'BertPreTokenizer'},"
            + "'post_processor':{'type':'TemplateProcessing','single':[{'SpecialToken':{'id':'[CLS]','type_id':0}},"
            + "{'Sequence':{'id':'A','type_id':0}},{'SpecialToken':{'id':'[SEP]','type_id':0}}],"
            + "'special_tokens':{'[CLS]':{'id':'[CLS]','ids':[101]},'[SEP]':{'id':'[SEP]','ids':[102]}}},"
            + "'model':{'type':'WordPiece','unk_token':'[UNK]','continuing_subword_prefix':'##',"
            + "'max_input_chars_per_word':100,'vocab':{'[UNK]':100,'[CLS]':101,'[SEP]':102,'hello':5,',':6,'world':7}}}";
}
