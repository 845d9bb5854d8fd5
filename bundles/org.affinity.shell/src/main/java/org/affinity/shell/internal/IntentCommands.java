package org.affinity.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import org.affinity.api.chat.IntentClassifier;
import org.affinity.api.chat.IntentExample;
import org.affinity.api.chat.IntentMetrics;
import org.affinity.api.chat.IntentPrediction;
import org.affinity.api.chat.IntentSet;
import org.affinity.api.ingest.RejectedException;
import org.affinity.api.ingest.Rejection;
import org.affinity.api.job.Job;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** affinity:intents - list, show, train and delete intent sets; affinity:classify - what a text asks for. */
@Component(service = IntentCommands.class, property = {
        "osgi.command.scope=affinity",
        "osgi.command.function=intents",
        "osgi.command.function=classify"})
public class IntentCommands {

    private static final int REJECTIONS_SHOWN = 20;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile IntentClassifier classifier;

    private IntentClassifier classifier() {
        IntentClassifier current = classifier;
        if (current == null) {
            throw new IllegalStateException("the intent classifier is not running (bundle org.affinity.chat.intent)");
        }
        return current;
    }

    @Descriptor("list the intent sets: state, intents, examples, embedding models, held-out accuracy")
    public void intents() {
        list(classifier(), System.out);
    }

    @Descriptor("intents list | show <set> | delete <set> | train [-b] <set> <file>: training reads a CSV (header "
            + "text,intent) or NDJSON file (.csv, .ndjson, .jsonl; plain or .gz) and runs as a job, watched until it ends; "
            + "the set's previous model answers until the new one is ready")
    public void intents(
            @Descriptor("train: start the job and return without watching it")
            @Parameter(names = {"-b", "--background"}, presentValue = "true", absentValue = "false") boolean background,
            @Descriptor("list, show, delete or train") String action,
            @Descriptor("the set, and for train the examples file") String... args) throws IOException, InterruptedException {
        IntentClassifier current = classifier();
        PrintStream out = System.out;
        switch (action) {
            case "list" -> list(current, out);
            case "show" -> show(current.set(one(args, action)).orElseThrow(() -> new IllegalArgumentException(
                    "no intent set '" + args[0] + "'")), out);
            case "delete" -> out.println(current.delete(one(args, action)) ? "deleted intent set '" + args[0] + "'"
                    : "no intent set '" + args[0] + "'");
            case "train" -> {
                if (args.length != 2) {
                    throw new IllegalArgumentException("intents train <set> <file>");
                }
                train(current, args[0], Path.of(args[1]).toAbsolutePath(), background, out);
            }
            default -> throw new IllegalArgumentException("unknown action '" + action
                    + "': use list, show <set>, delete <set> or train <set> <file>");
        }
    }

    private static void train(IntentClassifier classifier, String set, Path file, boolean background, PrintStream out)
            throws IOException, InterruptedException {
        Job job;
        try {
            job = classifier.train(set, read(classifier, file));
        } catch (RejectedException e) {
            String message = e.getMessage();
            out.println(message.contains(": ") ? message.substring(0, message.indexOf(": ")) + ":" : message);
            print(e.rejections(), out);
            return;
        }
        out.println("training intent set '" + set + "' as job " + job.id());
        if (background) {
            out.println("watch it with affinity:jobs watch " + job.id());
            return;
        }
        JobStatus status = JobsCommand.watch(job, out, false);
        if (status.state() == JobState.SUCCEEDED && status.result() instanceof IntentMetrics) {
            print((IntentMetrics) status.result(), out);
        }
    }

    @Descriptor("classify a text with an intent set (default shop): the top intent, its confidence, whether the chat "
            + "would abstain, the next intents and the language read")
    public void classify(
            @Descriptor("the intent set") @Parameter(names = {"-s", "--set"}, absentValue = IntentClassifier.DEFAULT_SET)
            String set,
            @Descriptor("the text") String... words) {
        if (words.length == 0) {
            throw new IllegalArgumentException("give a text: affinity:classify where is my order");
        }
        print(classifier().classify(set, String.join(" ", words)), System.out);
    }

    static List<IntentExample> read(IntentClassifier classifier, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no file " + file);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean gzip = name.endsWith(".gz");
        String plain = gzip ? name.substring(0, name.length() - 3) : name;
        String format = plain.endsWith(".csv") ? "csv" : plain.endsWith(".ndjson") || plain.endsWith(".jsonl")
                || plain.endsWith(".json") ? "ndjson" : null;
        if (format == null) {
            throw new IllegalArgumentException(file.getFileName() + ": name it .csv (header text,intent) or .ndjson"
                    + " ({\"text\", \"intent\"} per line), plain or .gz");
        }
        try (InputStream raw = Files.newInputStream(file); InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
            return classifier.read(in, format);
        }
    }

    private static String one(String[] args, String action) {
        if (args.length != 1) {
            throw new IllegalArgumentException("intents " + action + " takes one set name");
        }
        return args[0];
    }

    static void list(IntentClassifier classifier, PrintStream out) {
        List<IntentSet> sets = classifier.sets();
        if (sets.isEmpty()) {
            out.println("no intent sets: train one with affinity:intents train <set> <file>");
        }
        for (IntentSet set : sets) {
            out.println(line(set));
        }
    }

    static String line(IntentSet set) {
        StringBuilder line = new StringBuilder(String.format("%-16s %-8s %3d intents %,8d examples", set.name(), set.state(),
                set.intents().size(), set.examples()));
        set.models().forEach((language, model) -> line.append("  ").append(language).append('=').append(model));
        if (set.metrics() != null) {
            line.append(String.format("  held-out accuracy %.3f, macro-F1 %.3f", set.metrics().accuracy(),
                    set.metrics().macroF1()));
        }
        if (set.training()) {
            line.append("  training as ").append(set.jobId());
        }
        if (set.error() != null) {
            line.append("  last training failed: ").append(set.error());
        }
        return line.toString();
    }

    static void show(IntentSet set, PrintStream out) {
        out.println(line(set));
        if (set.trained() != null) {
            out.println("trained " + set.trained());
        }
        out.println("intents: " + String.join(", ", set.intents()));
        if (set.metrics() != null) {
            print(set.metrics(), out);
        }
    }

    static void print(IntentMetrics metrics, PrintStream out) {
        out.printf("%,d examples, %d intents; held out %,d: accuracy %.3f, macro-F1 %.3f, abstained %.1f%%; trained in %.1f s%n",
                metrics.examples(), metrics.intents(), metrics.heldOut(), metrics.accuracy(), metrics.macroF1(),
                metrics.abstained() * 100, metrics.seconds());
        if (!metrics.confused().isEmpty()) {
            out.println("most confused (expected -> predicted):");
            metrics.confused().forEach(c -> out.printf("  %s -> %s: %d%n", c.expected(), c.predicted(), c.count()));
        }
    }

    static void print(IntentPrediction prediction, PrintStream out) {
        out.printf("%s  confidence %.3f  %s  (%s)%n", prediction.intent(), prediction.confidence(),
                prediction.abstained() ? "abstained: the chat would not act on it" : "the chat would act on it",
                prediction.language());
        prediction.alternatives().forEach(a -> out.printf("  then %s %.3f%n", a.intent(), a.confidence()));
    }

    private static void print(List<Rejection> rejections, PrintStream out) {
        int shown = 0;
        for (Rejection rejection : rejections) {
            if (shown++ == REJECTIONS_SHOWN) {
                out.printf("  ... %,d more%n", rejections.size() - REJECTIONS_SHOWN);
                break;
            }
            out.println("  " + rejection);
        }
    }
}
