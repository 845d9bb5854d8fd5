package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.chat.LanguageModel;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The optional language model bundle inside Felix: no service until PID org.affinity.chat.llm
 * switches it on with a URL and a model; then completions go to the configured OpenAI-compatible
 * endpoint (a servlet of this test bundle stands in for one); switched off, the service goes.
 */
class LanguageModelIT {

    private static final String PID = "org.affinity.chat.llm";
    private static final String KEY = "sk-itest-secret";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10000)
    HttpServiceRuntime http;

    @InjectService(timeout = 10000)
    ConfigurationAdmin configurations;

    @InjectService(timeout = 10000)
    MetaTypeService metatype;

    /** Answers chat completions like an OpenAI-compatible server, remembering what it was sent. */
    static final class FakeEndpoint extends HttpServlet {
        private static final long serialVersionUID = 1L;
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        final List<JsonNode> bodies = new CopyOnWriteArrayList<>();

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            authorizations.add(String.valueOf(request.getHeader("Authorization")));
            JsonNode body = Http.JSON.readTree(request.getInputStream());
            bodies.add(body);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            if (!request.getRequestURI().endsWith("/v1/chat/completions")) {
                response.setStatus(404);
                response.getWriter().write("{\"error\":{\"message\":\"no route " + request.getRequestURI() + "\"}}");
                return;
            }
            String last = body.get("messages").get(body.get("messages").size() - 1).get("content").asText();
            response.getWriter().write(Http.JSON.writeValueAsString(java.util.Map.of("choices", List.of(java.util.Map.of(
                    "index", 0, "message", java.util.Map.of("role", "assistant", "content", "Rephrased: " + last))))));
        }
    }

    @Test
    void theKeyIsAPasswordInTheMetatype() {
        Bundle bundle = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals("org.affinity.chat.llm"))
                .findFirst().orElseThrow();
        ObjectClassDefinition definition = metatype.getMetaTypeInformation(bundle).getObjectClassDefinition(PID, null);
        AttributeDefinition key = Arrays.stream(definition.getAttributeDefinitions(ObjectClassDefinition.ALL))
                .filter(a -> a.getID().equals("key")).findFirst().orElseThrow();
        assertEquals(AttributeDefinition.PASSWORD, key.getType());
    }

    @Test
    void theServiceExistsOnlyWhileSwitchedOnAndCompletesThroughTheEndpoint() throws Exception {
        assertEquals(0, registered(), "off by default");
        FakeEndpoint endpoint = new FakeEndpoint();
        Dictionary<String, Object> servlet = new Hashtable<>();
        servlet.put("osgi.http.whiteboard.servlet.pattern", "/itest-llm/*");
        ServiceRegistration<Servlet> registration = context.registerService(Servlet.class, endpoint, servlet);
        Configuration configuration = configurations.getConfiguration(PID, "?");
        try {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("enabled", true);
            properties.put("model", "itest-model");
            configuration.update(properties);
            Thread.sleep(1000);
            assertEquals(0, registered(), "switched on without a URL: still no service");

            properties.put("url", Http.uri(http, "/itest-llm/v1").toString());
            properties.put("key", KEY);
            configuration.update(properties);
            await(() -> registered() == 1, "the language model is registered");
            ServiceReference<LanguageModel> reference = context.getServiceReference(LanguageModel.class);
            LanguageModel model = context.getService(reference);
            try {
                assertEquals("itest-model", model.model());
                String answer = model.complete(List.of(new LanguageModel.Message("system", "Be brief."),
                        new LanguageModel.Message("user", "Your parcel left today.")), Duration.ofSeconds(10));
                assertEquals("Rephrased: Your parcel left today.", answer);
                assertEquals("Bearer " + KEY, endpoint.authorizations.get(0));
                assertEquals("itest-model", endpoint.bodies.get(0).get("model").asText());
            } finally {
                context.ungetService(reference);
            }

            properties.put("url", Http.uri(http, "/itest-llm/wrong").toString());
            configuration.update(properties);
            await(() -> registered() == 1 && endpointOf().contains("/wrong"), "the service follows the configuration");
            ServiceReference<LanguageModel> moved = context.getServiceReference(LanguageModel.class);
            LanguageModel wrong = context.getService(moved);
            try {
                IOException error = assertThrows(IOException.class, () -> wrong.complete(
                        List.of(new LanguageModel.Message("user", "hi")), Duration.ofSeconds(10)));
                assertTrue(error.getMessage().contains("HTTP 404"), error.getMessage());
                assertTrue(!error.getMessage().contains(KEY), error.getMessage());
            } finally {
                context.ungetService(moved);
            }

            properties.put("enabled", false);
            configuration.update(properties);
            await(() -> registered() == 0, "switched off, the service goes");
        } finally {
            configuration.delete();
            registration.unregister();
        }
        await(() -> registered() == 0, "no configuration, no service");
        assertTrue(new String(Http.JSON.writeValueAsBytes(endpoint.bodies), StandardCharsets.UTF_8).contains("Be brief."));
    }

    private int registered() {
        try {
            ServiceReference<?>[] references = context.getAllServiceReferences(LanguageModel.class.getName(), null);
            return references == null ? 0 : references.length;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private String endpointOf() {
        ServiceReference<LanguageModel> reference = context.getServiceReference(LanguageModel.class);
        return reference == null ? "" : String.valueOf(reference.getProperty("llm.endpoint"));
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(50);
        }
    }
}
