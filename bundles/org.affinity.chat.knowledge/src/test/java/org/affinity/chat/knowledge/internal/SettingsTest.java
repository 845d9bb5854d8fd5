package org.affinity.chat.knowledge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;

import org.affinity.reco.testkit.Configs;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void theComponentsDefaultsAreTheEvaluatedConfiguration() {
        Settings settings = Settings.of(Configs.defaults(KnowledgeConfig.class), Path.of("data"));
        assertEquals(Settings.DEFAULT_FUSION, settings.fusion(), "what the retrieval evaluation measured is what ships");
        assertEquals(Settings.defaults(Path.of("data/chat/articles")).with(settings.fusion()).analysis(), settings.analysis());
        assertEquals(Path.of("data", "chat", "articles"), settings.folder());
        assertEquals(Path.of("/srv/articles"), Settings.of(Configs.of(KnowledgeConfig.class, Map.of("folder", " /srv/articles ")),
                Path.of("data")).folder());
    }

    @Test
    void anUnknownFusionIsNamed() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Settings.of(Configs.of(KnowledgeConfig.class, Map.of("fusion", "magic")), Path.of("data")));
        assertEquals("fusion must be rrf or scores, was 'magic'", error.getMessage());
    }
}
