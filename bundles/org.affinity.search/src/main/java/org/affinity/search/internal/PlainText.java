package org.affinity.search.internal;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The words of an HTML fragment (item descriptions): no markup, entities decoded, one space between words. */
final class PlainText {

    private static final Pattern INVISIBLE = Pattern.compile("(?is)<(script|style)\\b.*?</\\1\\s*>|<!--.*?-->");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Map<String, String> NAMED = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'",
            "nbsp", " ", "ndash", "-", "mdash", "-", "hellip", "...", "trade", "™");

    private PlainText() {
    }

    static String of(String html) {
        if (html == null || html.isEmpty()) {
            return "";
        }
        String text = html;
        if (text.indexOf('<') >= 0) {
            text = TAG.matcher(INVISIBLE.matcher(text).replaceAll(" ")).replaceAll(" ");
        }
        if (text.indexOf('&') >= 0) {
            text = decode(text);
        }
        return SPACE.matcher(text).replaceAll(" ").trim();
    }

    private static String decode(String text) {
        Matcher entity = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (entity.find()) {
            String name = entity.group(1);
            String replacement;
            if (name.charAt(0) == '#') {
                int code = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                        ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
                replacement = Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : " ";
            } else {
                replacement = NAMED.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), entity.group());
            }
            entity.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        entity.appendTail(out);
        return out.toString();
    }
}
