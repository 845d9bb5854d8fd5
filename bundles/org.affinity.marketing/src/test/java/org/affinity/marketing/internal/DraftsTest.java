package org.affinity.marketing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.affinity.api.chat.LanguageModel;
import org.affinity.api.marketing.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copy drafting: off by default, needs a language model, keeps only drafts that are valid templates. */
class DraftsTest {

    @TempDir
    Path folder;

    /** A language model that answers what it is told to and remembers what it was asked. */
    static final class ScriptedModel implements LanguageModel {
        final String answer;
        final List<List<Message>> asked = new ArrayList<>();

        ScriptedModel(String answer) {
            this.answer = answer;
        }

        @Override
        public String model() {
            return "scripted";
        }

        @Override
        public String complete(List<Message> messages, Duration timeout) throws IOException {
            asked.add(messages);
            return answer;
        }
    }

    @Test
    void draftsUseOnlyOurFieldsAndDraftingIsOffUntilSwitchedOn() throws Exception {
        TestShop shop = new TestShop(folder, Instant.parse("2011-11-01T10:00:00Z"));
        ScriptedModel model = new ScriptedModel("Subject: {{firstName|Hello}}, Christmas is near\n"
                + "Our picks:\n{{#items}}- {{title}} {{price}}\n{{/items}}\n---\n"
                + "Subject: Use code {{coupon}}\nA field we do not have\n---\n"
                + "Subject: Last days\nOffer ends {{date+7}}.");
        CampaignService off = shop.service(TestShop.config());
        off.languageModel(model);
        IllegalStateException disabled = assertThrows(IllegalStateException.class, () -> off.draft("Christmas", "email", 3));
        assertTrue(disabled.getMessage().contains("drafting=true"), disabled.getMessage());

        CampaignService on = shop.service(TestShop.config("drafting", true));
        assertTrue(assertThrows(IllegalStateException.class, () -> on.draft("Christmas", "email", 3)).getMessage()
                .contains("no language model"));
        on.languageModel(model);
        List<Variant> drafts = on.draft("Christmas decorations, 10% off until Sunday", "email", 3);
        assertEquals(2, drafts.size(), "the draft with {{coupon}} is dropped: " + drafts);
        assertEquals("{{firstName|Hello}}, Christmas is near", drafts.get(0).subject());
        assertTrue(drafts.get(0).body().contains("{{#items}}"), drafts.get(0).body());
        assertEquals("Offer ends {{date+7}}.", drafts.get(1).body());
        assertTrue(model.asked.get(0).get(0).content().contains("{{firstName|there}}"), "the model is told our fields");
        assertEquals("Christmas decorations, 10% off until Sunday", model.asked.get(0).get(1).content());
        assertThrows(IllegalArgumentException.class, () -> on.draft(" ", "email", 2));
        assertThrows(IllegalArgumentException.class, () -> on.draft("x", "fax", 2));
    }
}
