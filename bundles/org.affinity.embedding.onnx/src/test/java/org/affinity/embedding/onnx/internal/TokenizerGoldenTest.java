package org.affinity.embedding.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Our tokenizer gives the reference tokenizer's ids for every golden text, under all three variants. */
class TokenizerGoldenTest {

    private static List<JsonNode> golden;

    @BeforeAll
    static void read() throws Exception {
        golden = Golden.lines("tokens.jsonl.gz");
        assertEquals(751, golden.size(), "golden texts");
    }

    @Test
    void miniLmAsShipped() throws Exception {
        assertAllEqual("all-minilm-l6-v2",
                Golden.tokenizer(Golden.MINILM_JAR, "models/all-minilm-l6-v2-tokenizer.json", null));
    }

    @Test
    void bgeAsShippedWithoutLowerCasing() throws Exception {
        WordPieceTokenizer tokenizer = Golden.tokenizer(Golden.BGE_JAR, "models/bge-small-zh-v1.5-tokenizer.json", null);
        assertEquals(false, tokenizer.lowercase(), "the shipped file says lowercase=false");
        assertAllEqual("bge-small-zh-v1.5", tokenizer);
    }

    @Test
    void bgeLowerCasing() throws Exception {
        assertAllEqual("bge-small-zh-v1.5-lowercase",
                Golden.tokenizer(Golden.BGE_JAR, "models/bge-small-zh-v1.5-tokenizer.json", true));
    }

    private static void assertAllEqual(String variant, WordPieceTokenizer tokenizer) {
        List<String> wrong = new ArrayList<>();
        for (JsonNode line : golden) {
            int[] expected = Golden.ints(line.get(variant));
            int[] actual = tokenizer.encode(line.get("text").asText());
            if (!Arrays.equals(expected, actual)) {
                wrong.add("#" + line.get("id").asInt() + " " + line.get("text").asText().replace("\n", "\\n")
                        + "\n  expected " + Arrays.toString(expected) + "\n  actual   " + Arrays.toString(actual));
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + golden.size() + " texts differ under " + variant + ":\n"
                + String.join("\n", wrong.subList(0, Math.min(10, wrong.size()))));
    }
}
