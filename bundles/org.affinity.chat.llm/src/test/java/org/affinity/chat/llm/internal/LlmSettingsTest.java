package org.affinity.chat.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.affinity.reco.testkit.Configs;
import org.junit.jupiter.api.Test;

class LlmSettingsTest {

    private static Optional<LlmSettings> settings(Map<String, Object> values, StringBuilder why) {
        return LlmSettings.of(Configs.of(LlmConfig.class, values), why);
    }

    private static Map<String, Object> complete() {
        Map<String, Object> values = new HashMap<>(Map.of("enabled", true, "url", "https://api.example.com/v1",
                "key", "sk-secret", "model", "gpt-4o-mini"));
        return values;
    }

    @Test
    void onlyAnEnabledAndCompleteConfigurationMakesAModel() {
        StringBuilder why = new StringBuilder();
        assertTrue(settings(Map.of(), why).isEmpty());
        assertEquals("switched off (enabled=false)", why.toString());
        for (String missing : new String[] {"url", "model"}) {
            Map<String, Object> values = complete();
            values.remove(missing);
            StringBuilder reason = new StringBuilder();
            assertTrue(settings(values, reason).isEmpty());
            assertEquals("no " + missing + " configured", reason.toString());
        }
        Map<String, Object> ftp = complete();
        ftp.put("url", "ftp://files.example.com");
        StringBuilder reason = new StringBuilder();
        assertTrue(settings(ftp, reason).isEmpty());
        assertTrue(reason.toString().contains("not an http(s) URL"), reason.toString());

        LlmSettings settings = settings(complete(), new StringBuilder()).orElseThrow();
        assertEquals("https://api.example.com/v1/chat/completions", settings.endpoint().toString());
        assertEquals(20, settings.timeout().toSeconds());
    }

    @Test
    void anEndpointGivenInFullIsKeptAndTheKeyIsNeverShown() throws Exception {
        assertEquals("http://localhost:11434/v1/chat/completions",
                LlmSettings.endpoint("http://localhost:11434/v1/chat/completions/").toString());
        LlmSettings settings = settings(complete(), new StringBuilder()).orElseThrow();
        assertFalse(settings.toString().contains("sk-secret"), settings.toString());
        assertEquals("key *** rejected", settings.scrub("key sk-secret rejected"));
    }
}
