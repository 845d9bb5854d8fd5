package org.affinity.shell.karaf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.karaf.shell.api.console.Command;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Parser;
import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.Test;

class CompletingCommandTest {

    private final CompletionTable table = new CompletionTable(new CompletionTable.Sources(
            () -> List.of("all-minilm-l6-v2-q", "all-minilm-l6-v2", "bge-small-zh-v1.5-q"), List::of, List::of, List::of));
    private final AtomicReference<Command> bridged = new AtomicReference<>(new Bridged());
    private final CompletingCommand command = new CompletingCommand("affinity", "model", bridged::get, table);

    @Test
    void tabCompletesTheWordUnderTheCursorFromTheTable() {
        assertEquals(List.of("all-minilm-l6-v2", "all-minilm-l6-v2-q"), complete("affinity:model", "use", "all-"));
        assertEquals(List.of("use"), complete("affinity:model", "u"));
        assertEquals(List.of("bge-small-zh-v1.5-q"), complete("model", "use", "b"));
    }

    @Test
    void runsTheBridgedGogoCommandAndSaysSoWhenItIsGone() throws Exception {
        assertEquals("ran [list]", command.execute(null, List.of("list")));
        assertEquals("the model command", command.getDescription());
        bridged.set(null);
        assertThrows(IllegalStateException.class, () -> command.execute(null, List.of("list")));
    }

    private List<String> complete(String... words) {
        List<String> candidates = new ArrayList<>();
        String buffer = String.join(" ", words);
        command.getCompleter(true).complete(null, new Line(words, buffer), candidates);
        return candidates.stream().map(String::trim).sorted().toList();
    }

    /** The cursor at the end of the last word. */
    private record Line(String[] words, String buffer) implements CommandLine {
        public int getCursorArgumentIndex() {
            return words.length - 1;
        }

        public String getCursorArgument() {
            return words[words.length - 1];
        }

        public int getArgumentPosition() {
            return words[words.length - 1].length();
        }

        public String[] getArguments() {
            return words;
        }

        public int getBufferPosition() {
            return buffer.length();
        }

        public String getBuffer() {
            return buffer;
        }
    }

    private static final class Bridged implements Command {
        public String getScope() {
            return "affinity";
        }

        public String getName() {
            return "model";
        }

        public String getDescription() {
            return "the model command";
        }

        public Completer getCompleter(boolean scoped) {
            return null;
        }

        public Parser getParser() {
            return null;
        }

        public Object execute(Session session, List<Object> arguments) {
            return "ran " + arguments;
        }
    }
}
