package org.affinity.shell.karaf.internal;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.apache.karaf.shell.api.console.Command;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Parser;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * An affinity:* Gogo command as Karaf sees it, plus completion: Karaf bridges Gogo commands without
 * a completer, so this registers next to the bridged one, runs it for every call and adds Tab.
 */
final class CompletingCommand implements Command {

    private final String scope;
    private final String name;
    private final Supplier<Command> bridged;
    private final CompletionTable table;

    CompletingCommand(String scope, String name, Supplier<Command> bridged, CompletionTable table) {
        this.scope = scope;
        this.name = name;
        this.bridged = bridged;
        this.table = table;
    }

    @Override
    public String getScope() {
        return scope;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getDescription() {
        Command command = bridged.get();
        return command == null ? "" : command.getDescription();
    }

    @Override
    public Completer getCompleter(boolean scoped) {
        return this::complete;
    }

    @Override
    public Parser getParser() {
        return null;
    }

    @Override
    public Object execute(Session session, List<Object> arguments) throws Exception {
        Command command = bridged.get();
        if (command == null) {
            throw new IllegalStateException(scope + ":" + name + " is not available (its bundle is stopping or gone)");
        }
        return command.execute(session, arguments);
    }

    private int complete(Session session, CommandLine line, List<String> candidates) {
        String[] words = line.getArguments();
        int cursor = line.getCursorArgumentIndex();
        int commandIndex = 0;
        while (commandIndex < words.length && !words[commandIndex].equals(name)
                && !words[commandIndex].equals(scope + ":" + name)) {
            commandIndex++;
        }
        if (commandIndex >= words.length || cursor <= commandIndex) {
            return -1;
        }
        List<String> before = Arrays.asList(words).subList(commandIndex + 1, Math.min(cursor, words.length));
        return new StringsCompleter(table.candidates(name, before)).complete(session, line, candidates);
    }
}
