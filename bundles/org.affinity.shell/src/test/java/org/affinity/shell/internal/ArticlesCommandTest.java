package org.affinity.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.affinity.api.chat.Article;
import org.affinity.api.chat.ArticleHit;
import org.affinity.api.chat.Knowledge;
import org.affinity.api.ingest.RejectedException;
import org.affinity.api.ingest.Rejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArticlesCommandTest {

    @TempDir
    Path folder;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final ShelfOfArticles knowledge = new ShelfOfArticles();
    private final ArticlesCommand command = new ArticlesCommand(knowledge);

    /** Articles in a map; a text with a line "BROKEN" is refused at that line, as front matter errors are. */
    static final class ShelfOfArticles implements Knowledge {
        final Map<String, Article> articles = new TreeMap<>();
        final List<String> searches = new ArrayList<>();

        @Override
        public List<Article> articles() {
            return List.copyOf(articles.values());
        }

        @Override
        public Optional<Article> article(String id) {
            return Optional.ofNullable(articles.get(id));
        }

        @Override
        public Article parse(String id, String markdown) {
            List<String> lines = markdown.lines().toList();
            if (lines.contains("BROKEN")) {
                throw new RejectedException("refused", List.of(new Rejection(lines.indexOf("BROKEN") + 1, "title", "broken")));
            }
            return new Article(id, lines.get(0).replace("# ", ""), id.endsWith(".zh") ? "zh" : "en", null, null, markdown, null);
        }

        @Override
        public Article put(Article article) {
            articles.put(article.id(), article);
            return article;
        }

        @Override
        public List<Article> putAll(List<Article> list) {
            list.forEach(this::put);
            return list;
        }

        @Override
        public boolean delete(String id) {
            return articles.remove(id) != null;
        }

        @Override
        public List<ArticleHit> search(String query, String language, String intent, int count) {
            searches.add(query + "|" + language + "|" + intent + "|" + count);
            return articles.values().stream().limit(count)
                    .map(a -> new ArticleHit(a.id(), a.title(), a.language(), a.body(), 0.5)).toList();
        }
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void loadsAFolderAllOrNothingNamingFileAndLine() throws Exception {
        Files.writeString(folder.resolve("returns.md"), "# Returns\n\n30 days.\n");
        Files.writeString(folder.resolve("returns.zh.md"), "# 退货\n\n30 天。\n");
        Files.writeString(folder.resolve("notes.txt"), "not an article");
        command.run("load", List.of(folder.toString()), out);
        assertEquals(List.of("returns", "returns.zh"), List.copyOf(knowledge.articles.keySet()));
        assertTrue(output().contains("loaded 2 article(s)"), output());

        Path bad = folder.resolve("bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("a.md"), "# A\n\ntext\n");
        Files.writeString(bad.resolve("b.md"), "# B\n\nBROKEN\n");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> command.run("load", List.of(bad.toString()), out));
        assertTrue(refused.getMessage().startsWith("nothing loaded: 1 problem(s)"), refused.getMessage());
        assertTrue(output().contains(bad.resolve("b.md") + ": line 3, title: broken"), output());
        assertTrue(knowledge.article("a").isEmpty(), "the good file of a bad folder is not stored either");
    }

    @Test
    void listsShowsDeletesAndSearchesWithOptions() throws Exception {
        knowledge.put(new Article("returns", "Returns", "en", List.of("return_item"), null, "# Returns\n\n30 days.", null));
        knowledge.put(new Article("returns.zh", "退货", "zh", null, null, "30 天。", null));
        command.run("list", List.of("zh"), out);
        assertTrue(output().contains("returns.zh") && output().contains("1 articles in 'zh'"), output());
        assertTrue(!output().contains("Returns  [return_item]"), output());
        command.run("show", List.of("returns"), out);
        assertTrue(output().contains("intents [return_item]"), output());

        command.run("search", List.of("-l", "zh", "-i", "get_refund", "-n", "1", "我想", "退货"), out);
        assertEquals(List.of("我想 退货|zh|get_refund|1"), knowledge.searches);
        command.run("search", List.of("what", "is", "-n"), out);
        assertEquals("what is -n|null|null|5", knowledge.searches.get(1), "an option word inside the question is a word");

        command.run("delete", List.of("returns"), out);
        command.run("delete", List.of("returns"), out);
        assertTrue(output().contains("deleted returns") && output().contains("no article 'returns'"), output());
        assertThrows(IllegalArgumentException.class, () -> command.run("show", List.of("returns"), out));
        assertThrows(IllegalArgumentException.class, () -> command.run("frobnicate", List.of(), out));
    }
}
