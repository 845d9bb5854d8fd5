package org.affinity.api.chat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A generative language model, used only to phrase: chat rewords answers whose facts come from
 * actions and articles, marketing drafts copy. Nothing depends on one being present.
 */
@ConsumerType
public interface LanguageModel {

    /** The model's name, as its provider calls it. */
    String model();

    /**
     * Completes a conversation.
     *
     * @return the model's reply
     * @throws IOException when the model could not be reached or answered badly within the timeout
     */
    String complete(List<Message> messages, Duration timeout) throws IOException;

    /** One message of a conversation: role "system", "user" or "assistant". */
    record Message(String role, String content) {

        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }
    }
}
