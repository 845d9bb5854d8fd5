package org.affinity.embedding.onnx.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A BERT WordPiece tokenizer read from a Hugging Face tokenizer.json: added (special) tokens matched
 * in the raw text, then {@link BertNormalizer}, {@link BertPreTokenizer}, {@link WordPiece} and the
 * single-sequence template of the post-processor ([CLS] text [SEP]). Immutable and thread-safe.
 * <p>
 * The file's own truncation and padding settings are ignored: callers say how many tokens they want,
 * and batches are padded where they are run.
 */
final class WordPieceTokenizer {

    /** An added token that is matched in the raw text before normalization. */
    private record AddedToken(String content, int id) {
    }

    private final BertNormalizer normalizer;
    private final WordPiece wordPiece;
    private final List<AddedToken> addedTokens;
    private final int[] prefix;
    private final int[] suffix;

    private WordPieceTokenizer(BertNormalizer normalizer, WordPiece wordPiece, List<AddedToken> addedTokens,
            int[] prefix, int[] suffix) {
        this.normalizer = normalizer;
        this.wordPiece = wordPiece;
        this.addedTokens = addedTokens;
        this.prefix = prefix;
        this.suffix = suffix;
    }

    /**
     * Reads a tokenizer.json.
     *
     * @param lowercase overrides the normalizer's {@code lowercase} (accents are then stripped too,
     *        unless the file sets {@code strip_accents}); null keeps the file's setting
     * @throws IOException when the file cannot be read, or describes a pipeline this class does not
     *         implement (the message says which part)
     */
    static WordPieceTokenizer read(InputStream json, Boolean lowercase) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        return new Reader(root).tokenizer(lowercase);
    }

    boolean lowercase() {
        return normalizer.lowercase();
    }

    /** Every id of {@code text}, with the template's special tokens, without truncation. */
    int[] encode(String text) {
        return encode(text, Integer.MAX_VALUE);
    }

    /**
     * The ids of {@code text} in at most {@code maxTokens} ids: a longer text keeps the first ids and
     * the template's closing tokens ([CLS] + first maxTokens-2 word pieces + [SEP]).
     */
    int[] encode(String text, int maxTokens) {
        IntList ids = new IntList();
        int start = 0;
        int pos = 0;
        while (pos < text.length()) {
            AddedToken added = addedTokenAt(text, pos);
            if (added == null) {
                pos++;
                continue;
            }
            encodeWords(text.substring(start, pos), ids);
            ids.add(added.id());
            pos += added.content().length();
            start = pos;
        }
        encodeWords(text.substring(start), ids);
        int budget = maxTokens - prefix.length - suffix.length;
        if (budget < 0) {
            throw new IllegalArgumentException("maxTokens " + maxTokens + " leaves no room for the special tokens");
        }
        int kept = Math.min(budget, ids.size());
        int[] body = ids.toArray();
        int[] out = new int[prefix.length + kept + suffix.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(body, 0, out, prefix.length, kept);
        System.arraycopy(suffix, 0, out, prefix.length + kept, suffix.length);
        return out;
    }

    private void encodeWords(String segment, IntList ids) {
        if (segment.isEmpty()) {
            return;
        }
        for (String word : BertPreTokenizer.split(normalizer.normalize(segment))) {
            wordPiece.encode(word, ids);
        }
    }

    /** The longest added token starting at {@code pos} (they are sorted longest first). */
    private AddedToken addedTokenAt(String text, int pos) {
        for (AddedToken token : addedTokens) {
            if (text.startsWith(token.content(), pos)) {
                return token;
            }
        }
        return null;
    }

    /** Reads the parts of a tokenizer.json this tokenizer implements, refusing what it does not. */
    private static final class Reader {

        private final JsonNode root;

        Reader(JsonNode root) {
            this.root = root;
        }

        WordPieceTokenizer tokenizer(Boolean lowercase) throws IOException {
            JsonNode model = require(root, "model", "WordPiece");
            Map<String, Integer> vocabulary = new HashMap<>();
            model.path("vocab").fields().forEachRemaining(e -> vocabulary.put(e.getKey(), e.getValue().asInt()));
            if (vocabulary.isEmpty()) {
                throw new IOException("tokenizer.json: model.vocab is empty");
            }
            WordPiece wordPiece = new WordPiece(vocabulary, model.path("unk_token").asText("[UNK]"),
                    model.path("continuing_subword_prefix").asText("##"),
                    model.path("max_input_chars_per_word").asInt(100));

            JsonNode n = require(root, "normalizer", "BertNormalizer");
            JsonNode strip = n.path("strip_accents");
            BertNormalizer normalizer = new BertNormalizer(n.path("clean_text").asBoolean(true),
                    n.path("handle_chinese_chars").asBoolean(true), strip.isBoolean() ? strip.asBoolean() : null,
                    lowercase != null ? lowercase : n.path("lowercase").asBoolean(true));

            require(root, "pre_tokenizer", "BertPreTokenizer");
            List<AddedToken> added = addedTokens();
            List<int[]> template = template();
            return new WordPieceTokenizer(normalizer, wordPiece, added, template.get(0), template.get(1));
        }

        private List<AddedToken> addedTokens() throws IOException {
            List<AddedToken> added = new ArrayList<>();
            for (JsonNode token : root.path("added_tokens")) {
                String content = token.path("content").asText();
                if (token.path("normalized").asBoolean(false) || token.path("single_word").asBoolean(false)
                        || token.path("lstrip").asBoolean(false) || token.path("rstrip").asBoolean(false)) {
                    throw new IOException("tokenizer.json: added token '" + content
                            + "' is normalized or strips/matches whole words, which is not implemented");
                }
                if (!content.isEmpty()) {
                    added.add(new AddedToken(content, token.path("id").asInt()));
                }
            }
            added.sort(Comparator.comparingInt((AddedToken t) -> t.content().length()).reversed());
            return List.copyOf(added);
        }

        /** The ids before and after the sequence in the single-sequence template. */
        private List<int[]> template() throws IOException {
            JsonNode post = root.path("post_processor");
            String type = post.path("type").asText();
            if (type.equals("BertProcessing")) {
                return List.of(new int[] { post.path("cls").path(1).asInt() },
                        new int[] { post.path("sep").path(1).asInt() });
            }
            if (!type.equals("TemplateProcessing")) {
                throw new IOException("tokenizer.json: post_processor '" + type + "' is not implemented");
            }
            IntList before = new IntList();
            IntList after = new IntList();
            boolean sequenceSeen = false;
            for (JsonNode piece : post.path("single")) {
                if (piece.has("Sequence")) {
                    sequenceSeen = true;
                    continue;
                }
                String name = piece.path("SpecialToken").path("id").asText();
                JsonNode ids = post.path("special_tokens").path(name).path("ids");
                if (!ids.isArray() || ids.isEmpty()) {
                    throw new IOException("tokenizer.json: special token '" + name + "' has no ids");
                }
                for (JsonNode id : ids) {
                    (sequenceSeen ? after : before).add(id.asInt());
                }
            }
            if (!sequenceSeen) {
                throw new IOException("tokenizer.json: the single template has no sequence");
            }
            return List.of(before.toArray(), after.toArray());
        }

        private JsonNode require(JsonNode parent, String field, String type) throws IOException {
            JsonNode node = parent.path(field);
            if (!type.equals(node.path("type").asText())) {
                throw new IOException("tokenizer.json: " + field + " is '" + node.path("type").asText()
                        + "', only " + type + " is implemented");
            }
            return node;
        }
    }

    @Override
    public String toString() {
        return "WordPieceTokenizer[lowercase=" + normalizer.lowercase() + ", template=" + Arrays.toString(prefix)
                + " text " + Arrays.toString(suffix) + "]";
    }
}
