package org.affinity.chat.knowledge.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.affinity.api.chat.Article;
import org.affinity.api.ingest.Rejection;

/**
 * What makes an article usable: each rule answers the reason a value is wrong, or null. The Markdown
 * reader reports them at the front matter's lines, JSON bodies at their record.
 */
final class ArticleRules {

    static final int MAX_ID = 100;
    static final int MAX_TITLE = 200;
    static final int MAX_TAG = 60;
    static final int MAX_LIST = 50;
    /** A long policy is a few thousand words; a megabyte is a mistake (a pasted file, a binary). */
    static final int MAX_BODY = 200_000;

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern INTENT = Pattern.compile("[a-z0-9_]+");
    /** GET /api/chat/articles/search is the search, so no article can be called that. */
    private static final List<String> RESERVED = List.of("search");

    private ArticleRules() {
    }

    static String id(String id) {
        if (id == null || id.isBlank()) {
            return "the id is missing";
        }
        if (id.length() > MAX_ID) {
            return "the id must be at most " + MAX_ID + " characters, was " + id.length();
        }
        if (!ID.matcher(id).matches() || id.endsWith(".") || id.contains("..")) {
            return "the id '" + id + "' must be lower-case letters, digits, '-', '_' and single dots "
                    + "(e.g. returns-and-refunds, returns-and-refunds.zh)";
        }
        if (RESERVED.contains(id)) {
            return "the id '" + id + "' is reserved (GET /api/chat/articles/" + id + " is the search)";
        }
        return null;
    }

    static String title(String title) {
        if (title == null || title.isBlank()) {
            return "the title is missing: give 'title' or start the text with a '# heading'";
        }
        if (title.strip().length() > MAX_TITLE) {
            return "the title must be at most " + MAX_TITLE + " characters, was " + title.strip().length();
        }
        return null;
    }

    static String language(String language) {
        if (language == null || Languages.normalise(language) == null) {
            return "the language must be a language code such as en or zh, was '" + language + "'";
        }
        return null;
    }

    static String intent(String intent) {
        if (intent == null || !INTENT.matcher(intent).matches()) {
            return "the intent '" + intent + "' is not an intent name (lower-case letters, digits and '_', "
                    + "e.g. track_order)";
        }
        return null;
    }

    static String tag(String tag) {
        if (tag == null || tag.isBlank()) {
            return "a tag is empty";
        }
        if (tag.length() > MAX_TAG) {
            return "the tag '" + tag.substring(0, 20) + "...' must be at most " + MAX_TAG + " characters";
        }
        return null;
    }

    static String count(String field, List<String> values) {
        return values.size() > MAX_LIST ? "at most " + MAX_LIST + " " + field + ", were " + values.size() : null;
    }

    static String body(String body) {
        if (body == null || body.isBlank()) {
            return "the article has no text";
        }
        if (body.length() > MAX_BODY) {
            return "the text must be at most " + MAX_BODY + " characters, was " + body.length();
        }
        return null;
    }

    /** Every problem of an article given as fields (JSON, Java), reported at {@code line}. */
    static List<Rejection> problems(Article article, long line) {
        List<Rejection> problems = new ArrayList<>();
        add(problems, line, "id", id(article.id()));
        add(problems, line, "title", title(article.title()));
        add(problems, line, "language", language(article.language()));
        add(problems, line, "intents", count("intents", article.intents()));
        for (String intent : article.intents()) {
            add(problems, line, "intents", intent(intent));
        }
        add(problems, line, "tags", count("tags", article.tags()));
        for (String tag : article.tags()) {
            add(problems, line, "tags", tag(tag));
        }
        add(problems, line, "body", body(article.body()));
        return problems;
    }

    static void add(List<Rejection> problems, long line, String field, String reason) {
        if (reason != null) {
            problems.add(new Rejection(line, field, reason));
        }
    }
}
