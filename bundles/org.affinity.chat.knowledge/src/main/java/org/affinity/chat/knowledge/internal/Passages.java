package org.affinity.chat.knowledge.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.affinity.api.chat.Article;

/**
 * Splits an article into passages: its blocks (paragraphs, lists, tables) under their section
 * heading. A short block (an introduction ending in ':', a one-line answer) joins the next block of
 * its section, so a passage says something on its own; a very long block is cut at sentence ends,
 * since the models read only the first ~256 tokens of a text.
 */
final class Passages {

    /** Whole sections instead of paragraphs: measured against paragraphs in the retrieval evaluation. */
    enum Unit { PARAGRAPH, SECTION }

    static final int SHORT = 160;
    static final int LONG = 900;

    private static final Pattern HEADING = Pattern.compile("(#{1,6})\\s+(.*?)\\s*#*\\s*");
    private static final Pattern FENCE = Pattern.compile("\\s*(```|~~~).*");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?。！？])\\s*");

    private Passages() {
    }

    static List<Passage> split(Article article) {
        return split(article, Unit.PARAGRAPH);
    }

    static List<Passage> split(Article article, Unit unit) {
        List<Section> sections = sections(article.body());
        List<Passage> passages = new ArrayList<>();
        for (Section section : sections) {
            List<String> pieces = unit == Unit.SECTION ? List.of(String.join("\n", section.blocks)) : merged(section.blocks);
            for (String piece : pieces) {
                for (String part : cut(piece)) {
                    passages.add(new Passage(article.id(), passages.size(), section.heading, part));
                }
            }
        }
        return passages;
    }

    /** Blocks of plain text under each heading (headings of level 1 name the article, not a section). */
    private static List<Section> sections(String body) {
        List<Section> sections = new ArrayList<>();
        String[] path = new String[7];
        Section current = new Section("");
        sections.add(current);
        List<String> block = new ArrayList<>();
        boolean fenced = false;
        for (String line : body.split("\n")) {
            if (FENCE.matcher(line).matches()) {
                fenced = !fenced;
                continue;
            }
            Matcher heading = HEADING.matcher(line.strip());
            if (!fenced && heading.matches() && !line.startsWith("    ")) {
                current.add(block);
                int level = heading.group(1).length();
                path[level] = PlainText.inline(heading.group(2));
                for (int deeper = level + 1; deeper < path.length; deeper++) {
                    path[deeper] = null;
                }
                List<String> names = new ArrayList<>();
                for (int i = 2; i < path.length; i++) {
                    if (path[i] != null && !path[i].isEmpty()) {
                        names.add(path[i]);
                    }
                }
                current = new Section(String.join(" › ", names));
                sections.add(current);
            } else if (line.isBlank() && !fenced) {
                current.add(block);
            } else {
                block.add(line);
            }
        }
        current.add(block);
        sections.removeIf(section -> section.blocks.isEmpty());
        return sections;
    }

    /** Short blocks join the block after them (or, the last one, the block before). */
    private static List<String> merged(List<String> blocks) {
        List<String> pieces = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String block : blocks) {
            if (pending.length() > 0) {
                pending.append('\n');
            }
            pending.append(block);
            if (pending.length() >= SHORT && !pending.toString().endsWith(":")) {
                pieces.add(pending.toString());
                pending.setLength(0);
            }
        }
        if (pending.length() > 0) {
            if (!pieces.isEmpty() && pieces.get(pieces.size() - 1).length() + pending.length() <= LONG) {
                pieces.set(pieces.size() - 1, pieces.get(pieces.size() - 1) + "\n" + pending);
            } else {
                pieces.add(pending.toString());
            }
        }
        return pieces;
    }

    /** Text over {@link #LONG} characters in parts that end at sentence ends where possible. */
    private static List<String> cut(String text) {
        if (text.length() <= LONG) {
            return List.of(text);
        }
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (String sentence : SENTENCE_END.split(text)) {
            if (part.length() > 0 && part.length() + sentence.length() + 1 > LONG) {
                parts.add(part.toString().strip());
                part.setLength(0);
            }
            for (int from = 0; from < sentence.length(); from += LONG) {   // a "sentence" longer than LONG
                String piece = sentence.substring(from, Math.min(sentence.length(), from + LONG));
                if (part.length() > 0 && part.length() + piece.length() + 1 > LONG) {
                    parts.add(part.toString().strip());
                    part.setLength(0);
                }
                part.append(part.length() == 0 ? "" : " ").append(piece);
            }
        }
        if (part.length() > 0) {
            parts.add(part.toString().strip());
        }
        return parts;
    }

    private static final class Section {
        final String heading;
        final List<String> blocks = new ArrayList<>();

        Section(String heading) {
            this.heading = heading;
        }

        /** Ends a block: its plain text joins the section, and the line list is emptied for the next. */
        void add(List<String> lines) {
            if (!lines.isEmpty()) {
                String text = String.join("\n", PlainText.block(lines)).strip();
                if (!text.isEmpty()) {
                    blocks.add(text);
                }
                lines.clear();
            }
        }
    }
}
