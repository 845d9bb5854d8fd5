package org.affinity.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.affinity.api.chat.IntentExample;
import org.affinity.api.chat.IntentPrediction;
import org.affinity.chat.intent.internal.Abstention;
import org.affinity.chat.intent.internal.ExampleFiles;
import org.affinity.chat.intent.internal.IntentTraining;
import org.affinity.chat.intent.internal.Ngrams;
import org.affinity.chat.intent.internal.Recipe;
import org.affinity.chat.intent.internal.Scores;
import org.affinity.chat.intent.internal.Validation;
import org.affinity.store.testkit.RecordingJobContext;

/**
 * Intent classification on the Bitext customer-service data: each candidate classifier fit on the
 * 20k set, measured on its stratified held-out 20%, then (fit on all of it) on the separate 8k set.
 * <p>
 * Usage: ./affinity bench chat [--recipe name:key=value,...]...
 */
public final class ChatBench {

    static final Path INTENT_BUNDLE = BenchEnvironment.root().resolve("bundles/org.affinity.chat.intent");
    static final String MODEL = "all-minilm-l6-v2-q";

    public static void main(String[] args) throws Exception {
        List<Recipe> recipes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--recipe")) {
                recipes.add(parse(args[++i]));
            } else {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (recipes.isEmpty()) {
            recipes = List.of(Recipe.EMBEDDING_ONLY, Recipe.NGRAMS_ONLY, Recipe.SHIPPED, Recipe.MLP);
        }
        List<IntentExample> train = Validation.examples(read(INTENT_BUNDLE.resolve("data/shop/bitext-customer-support-20k.csv.gz")));
        Set<String> trainTexts = new HashSet<>();
        train.forEach(e -> trainTexts.add(e.text().toLowerCase(Locale.ROOT)));
        List<IntentExample> test = new ArrayList<>();
        for (IntentExample e : read(INTENT_BUNDLE.resolve("testdata/bitext-customer-service-8k.csv.gz"))) {
            if (!trainTexts.contains(e.text().strip().toLowerCase(Locale.ROOT))) {
                test.add(new IntentExample(e.text().strip(), e.intent().equals("check_invoice") ? "check_invoices" : e.intent(), e.line()));
            }
        }
        System.out.println("Intent classification, Bitext (" + BenchEnvironment.describe() + "); " + train.size()
                + " training examples, " + test.size() + " 8k test examples not in them");
        Table table = new Table(System.out, "candidate", "held-out accuracy", "held-out macro-F1", "8k accuracy",
                "8k macro-F1", "fit s");
        try (CachedEmbeddings model = new CachedEmbeddings(MODEL, "chat")) {
            model.embedAll(train.stream().map(IntentExample::text).toList());
            model.embedAll(test.stream().map(IntentExample::text).toList());
            for (Recipe recipe : recipes) {
                long started = System.nanoTime();
                IntentTraining.Result result = IntentTraining.train(train, recipe, language -> model,
                        new Abstention(0, 0), new RecordingJobContext());
                double seconds = (System.nanoTime() - started) / 1e9;
                Scores scores = new Scores(result.model().intents());
                for (IntentExample e : test) {
                    IntentPrediction p = result.model().classify(e.text(), language -> model, new Abstention(0, 0));
                    scores.add(result.model().intents().indexOf(e.intent()), result.model().intents().indexOf(p.intent()), false);
                }
                if (System.getProperty("chat.debug") != null) {
                    System.out.println(scores.confused(25));
                }
                if (System.getProperty("chat.oos") != null) {
                    oos(result.model(), model, test);
                    nearest(model, train, test);
                    calibration(result.model(), model, test);
                }
                table.row(recipe.name(), result.metrics().accuracy(), result.metrics().macroF1(), scores.accuracy(),
                        scores.macroF1(), seconds);
            }
        }
    }

    static List<String> outOfScope(String split) throws IOException {
        return Files.readAllLines(INTENT_BUNDLE.resolve("testdata/out-of-scope-" + split + ".txt"), StandardCharsets.UTF_8)
                .stream().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }

    static void oos(org.affinity.chat.intent.internal.IntentModel intentModel, CachedEmbeddings model, List<IntentExample> test)
            throws IOException {
        List<String> oos = outOfScope("tuning");
        double[][] o = signals(intentModel, model, oos);
        double[][] in = signals(intentModel, model, test.stream().map(IntentExample::text).toList());
        for (int q : new int[] {5, 10, 25, 50, 75, 90, 95}) {
            System.out.printf("q%d top oos %.3f in %.3f | margin oos %.3f in %.3f%n", q, quantile(o[0], q), quantile(in[0], q),
                    quantile(o[1], q), quantile(in[1], q));
        }
        for (double t : new double[] {0.3, 0.4, 0.5, 0.6, 0.7, 0.8}) {
            for (double m : new double[] {0, 0.1, 0.2, 0.3}) {
                System.out.printf("threshold %.2f margin %.2f: oos abstains %.3f, in-scope 8k abstains %.3f%n", t, m,
                        share(o, t, m), share(in, t, m));
            }
        }
    }

    /** Expected calibration error over 10 confidence bins, and the mean confidence. */
    static void calibration(org.affinity.chat.intent.internal.IntentModel intentModel, CachedEmbeddings model,
            List<IntentExample> test) {
        int bins = 10;
        double[] confidence = new double[bins];
        double[] right = new double[bins];
        int[] count = new int[bins];
        for (IntentExample e : test) {
            IntentPrediction p = intentModel.classify(e.text(), language -> model, new Abstention(0, 0));
            int bin = Math.min(bins - 1, (int) (p.confidence() * bins));
            confidence[bin] += p.confidence();
            right[bin] += p.intent().equals(e.intent()) ? 1 : 0;
            count[bin]++;
        }
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                ece += Math.abs(confidence[b] - right[b]) / test.size();
                System.out.printf("  bin %d: %d texts, mean confidence %.3f, accuracy %.3f%n", b, count[b], confidence[b] / count[b],
                        right[b] / count[b]);
            }
        }
        System.out.printf("ECE %.4f%n", ece);
    }

    static void nearest(CachedEmbeddings model, List<IntentExample> train, List<IntentExample> test) throws IOException {
        List<float[]> known = model.embedAll(train.stream().map(IntentExample::text).toList());
        List<String> oos = outOfScope("tuning");
        double[] o = maxCosine(known, model.embedAll(oos));
        double[] in = maxCosine(known, model.embedAll(test.stream().map(IntentExample::text).toList()));
        for (int q : new int[] {1, 5, 10, 25, 50, 75, 90, 95, 99}) {
            System.out.printf("q%d nearest cosine oos %.3f in %.3f%n", q, quantile(o, q), quantile(in, q));
        }
        for (double t : new double[] {0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7}) {
            int a = 0;
            int b = 0;
            for (double v : o) {
                a += v < t ? 1 : 0;
            }
            for (double v : in) {
                b += v < t ? 1 : 0;
            }
            System.out.printf("cosine floor %.2f: oos abstains %.3f, 8k abstains %.3f%n", t, (double) a / o.length, (double) b / in.length);
        }
        for (int i = 0; i < oos.size(); i++) {
            if (o[i] >= 0.6) {
                System.out.printf("  oos near %.3f: %s%n", o[i], oos.get(i));
            }
        }
    }

    static double[] maxCosine(List<float[]> known, List<float[]> queries) {
        double[] best = new double[queries.size()];
        for (int q = 0; q < queries.size(); q++) {
            float[] x = queries.get(q);
            double max = -1;
            for (float[] k : known) {
                double dot = 0;
                for (int j = 0; j < x.length; j++) {
                    dot += x[j] * k[j];
                }
                max = Math.max(max, dot);
            }
            best[q] = max;
        }
        return best;
    }

    static double share(double[][] s, double t, double m) {
        int n = 0;
        for (int i = 0; i < s[0].length; i++) {
            if (s[0][i] < t || s[1][i] < m) {
                n++;
            }
        }
        return (double) n / s[0].length;
    }

    static double quantile(double[] values, int q) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * q / 100)];
    }

    static double[][] signals(org.affinity.chat.intent.internal.IntentModel intentModel, CachedEmbeddings model, List<String> texts) {
        double[][] s = new double[2][texts.size()];
        model.embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            IntentPrediction p = intentModel.classify(texts.get(i), language -> model, new Abstention(0, 0));
            s[0][i] = p.confidence();
            s[1][i] = p.confidence() - (p.alternatives().isEmpty() ? 0 : p.alternatives().get(0).confidence());
        }
        return s;
    }

    static List<IntentExample> read(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return ExampleFiles.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), ExampleFiles.CSV);
        }
    }

    /** name:epochs=12,lr=0.01,decay=0.0001,batch=32,emb=1,word=1,char=1,balance=0.5,min=2,hidden=0,chars=2-5,words=1,han=3 */
    static Recipe parse(String spec) {
        int colon = spec.indexOf(':');
        Recipe base = Recipe.SHIPPED.named(colon < 0 ? spec : spec.substring(0, colon));
        if (colon < 0) {
            return base;
        }
        boolean embedding = true;
        float emb = base.embeddingWeight();
        float word = base.wordWeight();
        float chr = base.charWeight();
        int epochs = base.epochs();
        float lr = base.learningRate();
        float decay = base.decay();
        int batch = base.batch();
        float balance = base.balance();
        int min = base.minCount();
        int hidden = base.hidden();
        boolean words = base.ngrams().words();
        int charMin = base.ngrams().charMin();
        int charMax = base.ngrams().charMax();
        int han = base.ngrams().hanMax();
        for (String pair : spec.substring(colon + 1).split(",")) {
            String[] kv = pair.split("=", 2);
            String v = kv[1];
            switch (kv[0]) {
                case "epochs" -> epochs = Integer.parseInt(v);
                case "lr" -> lr = Float.parseFloat(v);
                case "decay" -> decay = Float.parseFloat(v);
                case "batch" -> batch = Integer.parseInt(v);
                case "emb" -> {
                    emb = Float.parseFloat(v);
                    embedding = emb > 0;
                }
                case "word" -> word = Float.parseFloat(v);
                case "char" -> chr = Float.parseFloat(v);
                case "balance" -> balance = Float.parseFloat(v);
                case "min" -> min = Integer.parseInt(v);
                case "hidden" -> hidden = Integer.parseInt(v);
                case "words" -> words = !v.equals("0");
                case "chars" -> {
                    if (v.equals("0")) {
                        charMin = 0;
                        charMax = 0;
                    } else {
                        charMin = Integer.parseInt(v.split("-")[0]);
                        charMax = Integer.parseInt(v.split("-")[1]);
                    }
                }
                case "han" -> han = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown recipe key " + kv[0]);
            }
        }
        return new Recipe(base.name(), embedding, emb, new Ngrams(words, charMin, charMax, han), word, chr, min, hidden,
                epochs, lr, decay, batch, balance, base.seed());
    }
}
