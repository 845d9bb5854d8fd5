package org.affinity.runtime.internal;

import java.util.regex.Pattern;

/** Keeps secrets out of what is printed or logged. */
final class Secrets {

    /** A password given inside a JDBC URL: ...?user=a&password=b, ;password=b. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    private Secrets() {
    }

    /** The text with any password parameter replaced by asterisks. */
    static String maskUrl(String text) {
        return text == null ? null : URL_PASSWORD.matcher(text).replaceAll("$1********");
    }

    /** Whether a configuration key names a secret (when no metatype says so). */
    static boolean secretKey(String key) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("token");
    }
}
