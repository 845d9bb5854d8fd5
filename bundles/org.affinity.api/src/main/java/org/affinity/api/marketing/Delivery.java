package org.affinity.api.marketing;

/**
 * Where rendered messages go: Affinity renders and hands off, it does not send mail itself.
 *
 * @param kind FILE (appended to a file in the marketing outbox folder) or WEBHOOK (one POST per
 *        message, with retries, backoff and a dead-letter file)
 * @param format FILE: "ndjson" (default) or "csv"
 * @param file FILE: the file name in the outbox (default {@code <campaign>-<run>.<format>})
 * @param url WEBHOOK: the URL, or null for the configured default
 */
public record Delivery(Kind kind, String format, String file, String url) {

    public enum Kind {
        FILE, WEBHOOK
    }

    public static final Delivery FILE = new Delivery(Kind.FILE, "ndjson", null, null);

    public static Delivery webhook(String url) {
        return new Delivery(Kind.WEBHOOK, null, null, url);
    }
}
