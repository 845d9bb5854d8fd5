package org.affinity.marketing.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One POST per message (the message as JSON) to a URL, with an {@code Idempotency-Key} header that is
 * the same for every attempt and every resumed repeat of that message, and, when a secret is
 * configured, {@code X-Affinity-Signature: sha256=<hex HMAC of the body>}. A 2xx is delivered.
 * Connection failures, timeouts, 408, 429 and 5xx are retried with exponential backoff (doubling from
 * the configured base, at most the configured ceiling, or the receiver's Retry-After when it sends
 * one within that ceiling); other statuses are refused at once: retrying a 400 repeats the same mistake.
 */
final class WebhookHandOff implements HandOff {

    /** Retry policy and identity of the sender. */
    record Settings(int maxAttempts, Duration backoff, Duration maxBackoff, Duration timeout, String secret) {
    }

    /** Sleeps between attempts (tests pass one that records instead of waiting). */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final URI url;
    private final Settings settings;
    private final Sleeper sleeper;

    WebhookHandOff(URI url, Settings settings, Sleeper sleeper) {
        this.url = url;
        this.settings = settings;
        this.sleeper = sleeper;
    }

    @Override
    public Set<String> delivered() {
        return Set.of(); // only the ledger knows; the receiver deduplicates a repeat by its key
    }

    @Override
    public void deliver(Message message) throws Refused, InterruptedException {
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new Refused("could not write the message as JSON: " + e.getMessage(), 0, false);
        }
        String lastError = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            Duration wait = null;
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(settings.timeout())
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", message.idempotencyKey())
                        .header("X-Affinity-Campaign", message.campaign())
                        .header("X-Affinity-Attempt", String.valueOf(attempt))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                if (settings.secret() != null && !settings.secret().isEmpty()) {
                    request.header("X-Affinity-Signature", "sha256=" + hmac(settings.secret(), body));
                }
                HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return;
                }
                lastError = "HTTP " + status + snippet(response.body());
                if (!(status == 408 || status == 429 || status >= 500)) {
                    throw new Refused(lastError, attempt, false);
                }
                wait = retryAfter(response);
            } catch (IOException e) {
                lastError = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt < settings.maxAttempts()) {
                Duration backoff = settings.backoff().multipliedBy(1L << Math.min(20, attempt - 1));
                if (wait == null || wait.compareTo(settings.maxBackoff()) > 0) {
                    wait = backoff.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff;
                }
                sleeper.sleep(wait);
            }
        }
        throw new Refused(lastError + " (after " + settings.maxAttempts() + " attempts)", settings.maxAttempts(), true);
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(value -> {
            try {
                return Duration.ofSeconds(Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                return null; // an HTTP date: use our own backoff
            }
        }).orElse(null);
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String one = body.strip().replaceAll("\\s+", " ");
        return ": " + (one.length() > 200 ? one.substring(0, 200) + "..." : one);
    }

    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java has HmacSHA256", e);
        }
    }

    @Override
    public void force() {
        // nothing buffered: a 2xx means the receiver has it
    }

    @Override
    public void close() {
        // the shared client keeps no per-run state
    }
}
