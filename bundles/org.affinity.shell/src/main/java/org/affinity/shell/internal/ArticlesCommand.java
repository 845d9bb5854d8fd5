package org.affinity.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.affinity.api.chat.Article;
import org.affinity.api.chat.ArticleHit;
import org.affinity.api.chat.Knowledge;
import org.affinity.api.ingest.RejectedException;
import org.affinity.api.ingest.Rejection;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** affinity:articles - the chat's knowledge base: list, show, load, delete and search articles. */
@Component(service = ArticlesCommand.class, property = {
        "osgi.command.scope=affinity",
        "osgi.command.function=articles"})
public class ArticlesCommand {

    static final String USAGE = "usage: affinity:articles list [language] | show <id> | load <file-or-folder> | delete <id> | "
            + "search [-l language] [-i intent] [-n count] <question...>";
    private static final String SUFFIX = ".md";

    private final Knowledge knowledge;

    @Activate
    public ArticlesCommand(@Reference Knowledge knowledge) {
        this.knowledge = knowledge;
    }

    @Descriptor("list the knowledge base's articles")
    public void articles() {
        list(null, System.out);
    }

    @Descriptor("articles list [language] | show <id> | load <file-or-folder> | delete <id> | "
            + "search [-l language] [-i intent] [-n count] <question...>; e.g. affinity:articles search -l zh 我想退货")
    public void articles(@Descriptor("list | show | load | delete | search") String action,
            @Descriptor("the article id, file or folder, or the question") String... args) throws IOException {
        run(action, List.of(args), System.out);
    }

    void run(String action, List<String> args, PrintStream out) throws IOException {
        switch (action) {
            case "list" -> list(args.isEmpty() ? null : args.get(0), out);
            case "show" -> show(one(args, "show <id>"), out);
            case "load" -> load(Path.of(one(args, "load <file-or-folder>")), out);
            case "delete" -> {
                String id = one(args, "delete <id>");
                out.println(knowledge.delete(id) ? "deleted " + id : "no article '" + id + "'");
            }
            case "search" -> search(args, out);
            default -> throw new IllegalArgumentException("unknown action '" + action + "'; " + USAGE);
        }
    }

    private static String one(List<String> args, String usage) {
        if (args.size() != 1) {
            throw new IllegalArgumentException("usage: affinity:articles " + usage);
        }
        return args.get(0);
    }

    void list(String language, PrintStream out) {
        int shown = 0;
        for (Article article : knowledge.articles()) {
            if (language == null || article.language().equalsIgnoreCase(language)) {
                out.printf("%-32s %-3s %s%s%n", article.id(), article.language(), article.title(),
                        article.intents().isEmpty() ? "" : "  [" + String.join(", ", article.intents()) + "]");
                shown++;
            }
        }
        out.printf("%d articles%s%n", shown, language == null ? "" : " in '" + language + "'");
    }

    void show(String id, PrintStream out) {
        Article article = knowledge.article(id).orElseThrow(() -> new IllegalArgumentException("no article '" + id + "'"));
        out.println(article.title());
        out.printf("id %s, language %s, intents %s, tags %s, updated %s%n%n", article.id(), article.language(),
                article.intents(), article.tags(), article.updated());
        out.println(article.body());
    }

    /**
     * Reads a Markdown file (its name is the id) or every *.md file of a folder, and stores them all
     * or, when any is unusable, none: every problem is printed with its file and line.
     */
    void load(Path path, PrintStream out) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path, "*" + SUFFIX)) {
                entries.forEach(files::add);
            }
            files.sort(null);
        } else if (Files.isRegularFile(path)) {
            files.add(path);
        } else {
            throw new IllegalArgumentException("no file or folder " + path.toAbsolutePath());
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no *" + SUFFIX + " files in " + path.toAbsolutePath());
        }
        List<Article> articles = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String id = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
            try {
                articles.add(knowledge.parse(id, Files.readString(file, StandardCharsets.UTF_8)));
            } catch (RejectedException e) {
                e.rejections().forEach(r -> problems.add(file + ": " + r));
            } catch (java.nio.charset.MalformedInputException e) {
                problems.add(file + ": not UTF-8 text");
            }
        }
        if (problems.isEmpty()) {
            try {
                knowledge.putAll(articles);
            } catch (RejectedException e) {
                for (Rejection r : e.rejections()) {
                    Path file = r.line() >= 1 && r.line() <= files.size() ? files.get((int) r.line() - 1) : path;
                    problems.add(file + ": " + (r.field() == null ? "" : r.field() + ": ") + r.reason());
                }
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(out::println);
            throw new IllegalArgumentException("nothing loaded: " + problems.size() + " problem(s) in " + path);
        }
        out.printf("loaded %d article(s) from %s%n", articles.size(), path);
    }

    void search(List<String> args, PrintStream out) {
        String language = null;
        String intent = null;
        int count = 5;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            boolean option = words.isEmpty() && i + 1 < args.size();
            if (option && (arg.equals("-l") || arg.equals("--language"))) {
                language = args.get(++i);
            } else if (option && (arg.equals("-i") || arg.equals("--intent"))) {
                intent = args.get(++i);
            } else if (option && (arg.equals("-n") || arg.equals("--count"))) {
                count = Integer.parseInt(args.get(++i));
            } else {
                words.add(arg);
            }
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("say what to search for; " + USAGE);
        }
        List<ArticleHit> hits = knowledge.search(String.join(" ", words), language, intent, count);
        if (hits.isEmpty()) {
            out.println("no articles found");
        }
        for (ArticleHit hit : hits) {
            out.printf("%.3f  %-32s %s%n", hit.score(), hit.id(), hit.title());
            String passage = hit.passage().replace('\n', ' ');
            out.println("       " + (passage.length() > 200 ? passage.substring(0, 197) + "..." : passage));
        }
    }
}
