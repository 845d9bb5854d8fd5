package org.affinity.shell.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.affinity.api.chat.ArticleHit;
import org.affinity.api.chat.Chat;
import org.affinity.api.chat.ChatAction;
import org.affinity.api.chat.ChatReply;
import org.affinity.api.chat.ChatSession;
import org.affinity.api.chat.Handoff;
import org.affinity.api.recommend.Recommendation;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** affinity:chat - talk to the chat as a member or a visitor; affinity:handoffs - the queue for people. */
@Component(service = ChatCommands.class, property = {
        "osgi.command.scope=affinity",
        "osgi.command.function=chat",
        "osgi.command.function=handoffs"})
public class ChatCommands {

    private final Chat chat;

    @Activate
    public ChatCommands(@Reference Chat chat) {
        this.chat = chat;
    }

    @Descriptor("chat as a member (- for a visitor): with a message, answers it; without, reads one message per line "
            + "until an empty line, 'quit' or the end of input")
    public void chat(CommandSession session, @Descriptor("member id, or - for an anonymous visitor") String member,
            @Descriptor("a message (optional)") String... message) throws IOException {
        PrintStream out = session.getConsole();
        ChatSession opened = chat.open("-".equals(member) ? null : member);
        out.println("session " + opened.id() + (opened.memberId() == null ? " (visitor)" : " for member " + opened.memberId()));
        if (message.length > 0) {
            print(out, chat.send(opened.id(), String.join(" ", message)));
            return;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(session.getKeyboard(), StandardCharsets.UTF_8));
        while (true) {
            out.print("you> ");
            out.flush();
            String line = in.readLine();
            if (line == null || line.isBlank() || line.strip().equals("quit")) {
                break;
            }
            try {
                print(out, chat.send(opened.id(), line));
            } catch (IllegalArgumentException | IllegalStateException e) {
                out.println("  " + e.getMessage());
            }
        }
        out.println("session " + opened.id() + " kept (GET /api/chat/sessions/" + opened.id() + ")");
    }

    @Descriptor("list the sessions waiting for a person, oldest first")
    public void handoffs() {
        List<Handoff> handoffs = chat.handoffs();
        if (handoffs.isEmpty()) {
            System.out.println("no session waits for a person");
        }
        for (Handoff handoff : handoffs) {
            System.out.printf("%s  %s  %s  %s  %d turns  %s%n", handoff.queued(), handoff.sessionId(),
                    handoff.memberId() == null ? "visitor" : "member " + handoff.memberId(), handoff.reason(),
                    handoff.transcript().size(), handoff.context());
        }
    }

    @Descriptor("close a session waiting for a person (handoffs close <session> [note...])")
    public void handoffs(@Descriptor("close") String action, @Descriptor("session id") String session,
            @Descriptor("note") String... note) {
        if (!action.equals("close")) {
            throw new IllegalArgumentException("unknown action '" + action + "': use close");
        }
        ChatSession closed = chat.close(session, note.length == 0 ? null : String.join(" ", note));
        System.out.println("closed " + closed.id());
    }

    private static void print(PrintStream out, ChatReply reply) {
        out.println("affinity> " + reply.text().replace("\n", "\n          "));
        out.printf("          [%s %.2f%s, %s%s]%n", reply.intent() == null ? "no intent" : reply.intent(),
                reply.confidence(), reply.abstained() ? " abstained" : "", reply.language(), reply.handoff() ? ", HANDOFF" : "");
        for (ArticleHit source : reply.sources()) {
            out.println("          source: " + source.id() + " \"" + source.title() + "\"");
        }
        for (ChatAction action : reply.actions()) {
            out.println("          action: " + action.name() + " " + action.data());
        }
        for (Recommendation item : reply.items()) {
            out.println("          item: " + item.itemId() + " - " + item.explanation());
        }
    }
}
