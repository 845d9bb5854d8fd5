package org.affinity.chat.llm.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/**
 * The configuration as checked values. The key is never shown: {@link #toString()} masks it, so a log
 * line or an error message that prints the settings cannot leak it.
 */
record LlmSettings(URI endpoint, String key, String model, Duration timeout, int maxTokens, double temperature) {

    private static final String PATH = "/chat/completions";

    /**
     * The settings to register a service with, or empty (with the reason in {@code why}) when the
     * configuration is switched off or incomplete.
     */
    static Optional<LlmSettings> of(LlmConfig config, StringBuilder why) {
        if (!config.enabled()) {
            why.append("switched off (enabled=false)");
            return Optional.empty();
        }
        String url = config.url() == null ? "" : config.url().strip();
        if (url.isEmpty()) {
            why.append("no url configured");
            return Optional.empty();
        }
        if (config.model() == null || config.model().isBlank()) {
            why.append("no model configured");
            return Optional.empty();
        }
        URI endpoint;
        try {
            endpoint = endpoint(url);
        } catch (URISyntaxException | IllegalArgumentException e) {
            why.append("the url '").append(url).append("' is not an http(s) URL: ").append(e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new LlmSettings(endpoint, config.key() == null ? "" : config.key().strip(),
                config.model().strip(), Duration.ofSeconds(config.timeoutSeconds()), config.maxTokens(), config.temperature()));
    }

    /** {@code <url>/chat/completions}; a URL that already ends so is taken as it is. */
    static URI endpoint(String url) throws URISyntaxException {
        String base = url.replaceAll("/+$", "");
        URI uri = new URI(base.endsWith(PATH) ? base : base + PATH);
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("expected http:// or https:// with a host");
        }
        return uri;
    }

    /** The text with every occurrence of the key replaced, for error messages that quote an answer. */
    String scrub(String text) {
        return key.isEmpty() || text == null ? text : text.replace(key, "***");
    }

    @Override
    public String toString() {
        return "LlmSettings[endpoint=" + endpoint + ", key=" + (key.isEmpty() ? "none" : "***") + ", model=" + model
                + ", timeout=" + timeout + ", maxTokens=" + maxTokens + ", temperature=" + temperature + "]";
    }
}
