package org.affinity.chat.llm.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.affinity.api.chat.LanguageModel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A language model behind an OpenAI-compatible {@code POST /chat/completions}: the request carries
 * {@code model}, {@code messages}, {@code max_tokens}, {@code temperature}; the answer is
 * {@code choices[0].message.content}. Every failure (no connection, a timeout, a non-2xx status, an
 * answer without content) is an IOException saying what happened, never quoting the key.
 */
final class ChatCompletions implements LanguageModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXCERPT = 300;

    private final LlmSettings settings;
    private final HttpClient client;

    ChatCompletions(LlmSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.timeout().compareTo(Duration.ofSeconds(10)) < 0 ? settings.timeout() : Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String model() {
        return settings.model();
    }

    @Override
    public String complete(List<Message> messages, Duration timeout) throws IOException {
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("a completion needs at least one message");
        }
        Duration wait = timeout == null || timeout.isZero() || timeout.isNegative() ? settings.timeout() : timeout;
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.endpoint())
                .timeout(wait)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(messages), StandardCharsets.UTF_8));
        if (!settings.key().isEmpty()) {
            request.header("Authorization", "Bearer " + settings.key());
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new IOException(where() + " did not answer within " + seconds(wait));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(where() + ": interrupted while waiting for the answer");
        } catch (IOException e) {
            throw new IOException(where() + " could not be reached: " + settings.scrub(String.valueOf(e.getMessage())), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(where() + " answered HTTP " + response.statusCode() + errorMessage(response.body()));
        }
        return content(response.body());
    }

    private String body(List<Message> messages) throws JsonProcessingException {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", settings.model());
        ArrayNode list = body.putArray("messages");
        for (Message message : messages) {
            list.addObject().put("role", message.role()).put("content", message.content());
        }
        body.put("max_tokens", settings.maxTokens());
        body.put("temperature", settings.temperature());
        body.put("stream", false);
        return JSON.writeValueAsString(body);
    }

    private String content(String body) throws IOException {
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IOException(where() + " answered malformed JSON: " + excerpt(body));
        }
        JsonNode content = answer == null ? null : answer.path("choices").path(0).path("message").path("content");
        if (content == null || !content.isTextual()) {
            throw new IOException(where() + " answered without choices[0].message.content: " + excerpt(body));
        }
        return content.asText();
    }

    /** The provider's own error message when the body has one ({"error": {"message": ...}}), else an excerpt. */
    private String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode message = JSON.readTree(body).path("error").path("message");
            if (message.isTextual()) {
                return ": " + excerpt(message.asText());
            }
        } catch (JsonProcessingException e) {
            // not JSON: quote it as it is
        }
        return ": " + excerpt(body);
    }

    private String excerpt(String text) {
        String scrubbed = settings.scrub(text == null ? "" : text.strip()).replaceAll("\\s+", " ");
        return scrubbed.length() <= EXCERPT ? scrubbed : scrubbed.substring(0, EXCERPT) + "...";
    }

    private String where() {
        return "the language model '" + settings.model() + "' at " + settings.endpoint();
    }

    private static String seconds(Duration wait) {
        return wait.toMillis() % 1000 == 0 ? wait.toSeconds() + " s" : wait.toMillis() + " ms";
    }
}
