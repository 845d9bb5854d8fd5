package org.affinity.chat.llm.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Affinity chat language model",
        description = "An OpenAI-compatible chat-completions endpoint that chat may use to rephrase its answers. "
                + "Off by default; answers never depend on it.")
@interface LlmConfig {

    @AttributeDefinition(name = "Enabled", description = "Register the language model service (needs a URL and a model).")
    boolean enabled() default false;

    @AttributeDefinition(name = "URL",
            description = "Base URL of the API, e.g. https://api.openai.com/v1 or http://localhost:11434/v1 (Ollama); "
                    + "requests go to <URL>/chat/completions.")
    String url() default "";

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD,
            description = "Sent as 'Authorization: Bearer <key>'; empty for servers without keys. Never logged.")
    String key() default "";

    @AttributeDefinition(name = "Model", description = "The model name the endpoint knows, e.g. gpt-4o-mini or llama3.1.")
    String model() default "";

    @AttributeDefinition(name = "Timeout (seconds)", description = "Longest wait for an answer when the caller gives none.",
            min = "1", max = "600")
    int timeoutSeconds() default 20;

    @AttributeDefinition(name = "Most tokens", description = "max_tokens of each completion.", min = "1", max = "100000")
    int maxTokens() default 400;

    @AttributeDefinition(name = "Temperature", description = "Sampling temperature (0: most predictable).", min = "0", max = "2")
    double temperature() default 0.2;
}
