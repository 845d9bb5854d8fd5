package org.affinity.api.chat;

import org.osgi.annotation.versioning.ProviderType;

/** Customer-service conversations: understands the message, answers, and may act for the member. */
@ProviderType
public interface Chat {

    ChatReply reply(ChatMessage message);
}
