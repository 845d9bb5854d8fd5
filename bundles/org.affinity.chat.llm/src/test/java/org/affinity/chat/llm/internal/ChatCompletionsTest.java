package org.affinity.chat.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.affinity.api.chat.LanguageModel.Message;
import org.affinity.reco.testkit.Configs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** Against a local HTTP server playing an OpenAI-compatible endpoint. */
class ChatCompletionsTest {

    private static final String KEY = "sk-test-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Message> MESSAGES = List.of(new Message("system", "Rephrase politely."),
            new Message("user", "Your parcel left on 9 December."));

    private HttpServer server;
    private final AtomicReference<Answer> answer = new AtomicReference<>();
    private final AtomicReference<HttpExchange> seen = new AtomicReference<>();
    private final AtomicReference<String> seenBody = new AtomicReference<>();

    private record Answer(int status, String body, long delayMillis) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.set(exchange);
            seenBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Answer next = answer.get();
            try {
                Thread.sleep(next.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = next.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(next.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (IOException clientGone) {
                // the client timed out
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ChatCompletions model(String key) {
        StringBuilder why = new StringBuilder();
        LlmConfig config = Configs.of(LlmConfig.class, Map.of("enabled", true,
                "url", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/", "key", key, "model", "shop-model",
                "maxTokens", 123, "temperature", 0.5, "timeoutSeconds", 5));
        return new ChatCompletions(LlmSettings.of(config, why).orElseThrow(() -> new AssertionError(why)));
    }

    private static String completion(String content) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":" + JSON.valueToTree(content) + "},\"finish_reason\":\"stop\"}]}";
    }

    @Test
    void sendsAnOpenAiRequestAndReturnsTheAnswer() throws Exception {
        answer.set(new Answer(200, completion("Good news: your parcel left us on 9 December."), 0));
        assertEquals("Good news: your parcel left us on 9 December.", model(KEY).complete(MESSAGES, Duration.ofSeconds(5)));

        HttpExchange request = seen.get();
        assertEquals("POST", request.getRequestMethod());
        assertEquals("/v1/chat/completions", request.getRequestURI().getPath());
        assertEquals("Bearer " + KEY, request.getRequestHeaders().getFirst("Authorization"));
        assertTrue(request.getRequestHeaders().getFirst("Content-Type").startsWith("application/json"));
        JsonNode body = JSON.readTree(seenBody.get());
        assertEquals("shop-model", body.get("model").asText());
        assertEquals(2, body.get("messages").size());
        assertEquals("system", body.at("/messages/0/role").asText());
        assertEquals("Your parcel left on 9 December.", body.at("/messages/1/content").asText());
        assertEquals(123, body.get("max_tokens").asInt());
        assertEquals(0.5, body.get("temperature").asDouble());
        assertFalse(body.get("stream").asBoolean());
    }

    @Test
    void withoutAKeyNoAuthorizationIsSent() throws Exception {
        answer.set(new Answer(200, completion("fine"), 0));
        assertEquals("fine", model("").complete(MESSAGES, null));
        assertEquals(null, seen.get().getRequestHeaders().getFirst("Authorization"));
    }

    @Test
    void aServerErrorIsAnIOExceptionWithTheProvidersMessageAndNeverTheKey() {
        answer.set(new Answer(500, "{\"error\":{\"message\":\"model overloaded; key " + KEY + " rejected\"}}", 0));
        IOException error = assertThrows(IOException.class, () -> model(KEY).complete(MESSAGES, Duration.ofSeconds(5)));
        assertTrue(error.getMessage().contains("HTTP 500: model overloaded"), error.getMessage());
        assertTrue(error.getMessage().contains("'shop-model'"), error.getMessage());
        assertFalse(error.getMessage().contains(KEY), "the key never appears: " + error.getMessage());

        answer.set(new Answer(401, "Unauthorized", 0));
        IOException unauthorised = assertThrows(IOException.class, () -> model(KEY).complete(MESSAGES, null));
        assertTrue(unauthorised.getMessage().endsWith("HTTP 401: Unauthorized"), unauthorised.getMessage());
    }

    @Test
    void aSlowServerTimesOut() {
        answer.set(new Answer(200, completion("too late"), 3000));
        long started = System.nanoTime();
        IOException error = assertThrows(IOException.class, () -> model(KEY).complete(MESSAGES, Duration.ofMillis(300)));
        assertTrue(error.getMessage().contains("did not answer within 300 ms"), error.getMessage());
        assertTrue(System.nanoTime() - started < 2_500_000_000L, "gave up at the timeout, not when the server answered");
    }

    @Test
    void aMalformedAnswerIsAnIOException() {
        answer.set(new Answer(200, "{\"choices\": [", 0));
        IOException broken = assertThrows(IOException.class, () -> model(KEY).complete(MESSAGES, null));
        assertTrue(broken.getMessage().contains("malformed JSON"), broken.getMessage());

        answer.set(new Answer(200, "{\"choices\": []}", 0));
        IOException empty = assertThrows(IOException.class, () -> model(KEY).complete(MESSAGES, null));
        assertTrue(empty.getMessage().contains("without choices[0].message.content"), empty.getMessage());
    }

    @Test
    void anUnreachableServerIsAnIOException() {
        ChatCompletions model = model(KEY);
        server.stop(0);
        IOException error = assertThrows(IOException.class, () -> model.complete(MESSAGES, Duration.ofSeconds(2)));
        assertTrue(error.getMessage().contains("could not be reached"), error.getMessage());
    }
}
