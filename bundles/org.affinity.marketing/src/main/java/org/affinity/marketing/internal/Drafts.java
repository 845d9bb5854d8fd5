package org.affinity.marketing.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.affinity.api.chat.LanguageModel;
import org.affinity.api.marketing.Variant;

/**
 * Copy drafting through the chat capability's language model: the model is told the template fields it
 * may use and the format to answer in; every draft is parsed as a template, so a draft that uses a
 * field we do not have is dropped rather than handed to the user as if it worked.
 */
final class Drafts {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Drafts() {
    }

    static List<Variant> draft(LanguageModel model, String brief, String channel, int count) throws IOException {
        String system = "You write short marketing messages for an online shop. Channel: " + channel + ". "
                + "Write " + count + " different versions. You may use these placeholders exactly as written: "
                + "{{firstName|there}} (the member's first name), {{points}} (loyalty points), {{date+7}} (a date a week "
                + "from sending), and a list of recommended products written as {{#items}}- {{title}} {{price}}\n{{/items}}. "
                + "Use no other placeholders. Answer with the versions separated by a line holding only ---. "
                + (channel.equals("email") || channel.equals("push") || channel.equals("in-app")
                        ? "Start each version with a line 'Subject: ...'." : "SMS: at most 160 characters, no subject.");
        String answer = model.complete(List.of(new LanguageModel.Message("system", system),
                new LanguageModel.Message("user", brief)), TIMEOUT);
        List<Variant> drafts = new ArrayList<>();
        for (String part : answer.split("(?m)^\\s*---\\s*$")) {
            String text = part.strip();
            if (text.isEmpty()) {
                continue;
            }
            String subject = null;
            if (text.toLowerCase(Locale.ROOT).startsWith("subject:")) {
                int end = text.indexOf('\n');
                subject = (end < 0 ? text.substring(8) : text.substring(8, end)).strip();
                text = end < 0 ? "" : text.substring(end + 1).strip();
            }
            try {
                Template.parse(subject);
                Template.parse(text);
            } catch (IllegalArgumentException e) {
                continue; // a draft with a field we cannot fill is no draft
            }
            if (!text.isEmpty()) {
                drafts.add(new Variant("draft-" + (drafts.size() + 1), subject, text, null, null));
            }
            if (drafts.size() == count) {
                break;
            }
        }
        if (drafts.isEmpty()) {
            throw new IOException("the language model's answer held no usable draft: " + abbreviate(answer));
        }
        return drafts;
    }

    private static String abbreviate(String text) {
        String one = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }
}
