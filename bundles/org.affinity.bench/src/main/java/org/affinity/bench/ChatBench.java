package org.affinity.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.affinity.api.chat.IntentExample;
import org.affinity.api.chat.IntentPrediction;
import org.affinity.api.embedding.EmbeddingModel;
import org.affinity.chat.intent.internal.Abstention;
import org.affinity.chat.intent.internal.ExampleFiles;
import org.affinity.chat.intent.internal.Holdout;
import org.affinity.chat.intent.internal.IntentModel;
import org.affinity.chat.intent.internal.IntentTraining;
import org.affinity.chat.intent.internal.Language;
import org.affinity.chat.intent.internal.Ngrams;
import org.affinity.chat.intent.internal.Recipe;
import org.affinity.chat.intent.internal.Scores;
import org.affinity.chat.intent.internal.ShippedData;
import org.affinity.chat.intent.internal.Validation;
import org.affinity.embedding.onnx.internal.EmbeddingSettings;
import org.affinity.embedding.onnx.internal.OnnxEmbeddingModel;
import org.affinity.store.testkit.RecordingJobContext;

/**
 * The chat's figures, in sections that each print a table:
 * <ol>
 * <li>{@link #candidates}: each candidate classifier fit on the Bitext 20k set, its accuracy and
 * macro-F1 on the set's stratified held-out 20%, and (fit on all of it) on the separate Bitext 8k set,
 * written differently (its {@code check_invoice} is the 20k set's {@code check_invoices}; the 8k texts
 * that also occur in the 20k set are left out);</li>
 * <li>{@link #abstention}: the shipped classifier (on the shop set's Bitext sample) with the shipped abstention defaults on the
 * out-of-scope report split (never used to choose anything) and on in-scope text;</li>
 * <li>{@link #shop}: the shipped set {@code shop} as the service trains it (its Bitext sample, the chat's
 * intents, Chinese), with fresh embeddings: training time, held-out figures per language, classify
 * latency per message.</li>
 * <li>{@link #roundTrip}: with {@code --url} (and a key: {@code --key FILE} or AFFINITY_API_KEY), the full
 * message round trip over HTTP against a running platform with the demo shop: a session opened, a
 * message sent and the reply read, per kind of message (order status, policy, gift, Chinese, gibberish).</li>
 * </ol>
 * Embeddings of the candidate sections are cached in {@code cache/bench/}; the shop
 * section embeds everything again, as the service does.
 * <p>
 * Usage: ./affinity bench chat [--recipe name:key=value,...]... [--tune] [--skip candidates,abstention,shop]
 * [--url http://localhost:8080 [--key FILE]]
 */
public final class ChatBench {

    static final Path INTENT_BUNDLE = BenchEnvironment.root().resolve("bundles/org.affinity.chat.intent");
    static final String ENGLISH_MODEL = "all-minilm-l6-v2-q";
    static final String CHINESE_MODEL = "bge-small-zh-v1.5-q";
    /** What the service runs with (org.affinity.chat.intent defaults). */
    static final Abstention SHIPPED_ABSTENTION = new Abstention(0.5, 0.1, true);

    private final List<IntentExample> train;
    private final List<IntentExample> test;
    private final List<String> background;

    /** @param cap at most this many training examples per intent (a seeded sample), 0 for all */
    private ChatBench(int cap) throws IOException {
        List<IntentExample> all = Validation.examples(readGzipCsv(INTENT_BUNDLE.resolve("data/shop/bitext-customer-support-20k.csv.gz")));
        train = cap > 0 ? ShippedData.sample(all, cap, 5) : all;
        Set<String> trainTexts = new HashSet<>();
        train.forEach(e -> trainTexts.add(e.text().toLowerCase(Locale.ROOT)));
        test = new ArrayList<>();
        for (IntentExample e : readGzipCsv(INTENT_BUNDLE.resolve("testdata/bitext-customer-service-8k.csv.gz"))) {
            if (!trainTexts.contains(e.text().strip().toLowerCase(Locale.ROOT))) {
                String intent = e.intent().equals("check_invoice") ? "check_invoices" : e.intent();
                test.add(new IntentExample(e.text().strip(), intent, e.line()));
            }
        }
        background = shipped().background();
    }

    public static void main(String[] args) throws Exception {
        List<Recipe> recipes = new ArrayList<>();
        Set<String> skip = new HashSet<>();
        boolean tune = false;
        int cap = 0;
        String url = null;
        String key = System.getenv("AFFINITY_API_KEY");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--key" -> key = Files.readString(Path.of(args[++i])).strip();
                case "--recipe" -> recipes.add(parse(args[++i]));
                case "--tune" -> tune = true;
                case "--skip" -> skip.addAll(List.of(args[++i].split(",")));
                case "--cap" -> cap = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see ChatBench's javadoc)");
            }
        }
        if (recipes.isEmpty()) {
            recipes = List.of(Recipe.EMBEDDING_ONLY, Recipe.NGRAMS_ONLY, Recipe.SHIPPED, Recipe.MLP);
        }
        ChatBench bench = new ChatBench(cap);
        System.out.println("Intent classification (" + BenchEnvironment.describe() + ")");
        try (CachedEmbeddings english = new CachedEmbeddings(ENGLISH_MODEL, "chat")) {
            if (!skip.contains("candidates")) {
                bench.candidates(recipes, english);
            }
            if (!skip.contains("abstention")) {
                bench.abstention(english, tune);
            }
        }
        if (!skip.contains("shop")) {
            bench.shop();
        }
        if (url != null) {
            roundTrip(url, key);
        } else {
            System.out.printf("%nFull message round trip: not measured (it needs a running platform with the demo shop:"
                    + " --url http://localhost:8080 --key var/security/admin.key)%n");
        }
    }

    // --- Section 4: the full message round trip over HTTP -------------------------------------------

    /** Messages by kind, sent by members of the demo shop (and an anonymous visitor for the policy). */
    static final Map<String, List<String>> ROUND_TRIP = new LinkedHashMap<>();
    static {
        ROUND_TRIP.put("order status (member)", List.of("where is my order?", "has my last order shipped?",
                "I want to track my package"));
        ROUND_TRIP.put("policy article (visitor)", List.of("what is your return policy?", "how long does delivery take?",
                "which payment methods do you accept?"));
        ROUND_TRIP.put("gift under a price (member)", List.of("can you recommend a gift under 5 pounds?",
                "any gift ideas under 10 pounds?"));
        ROUND_TRIP.put("Chinese (member)", List.of("我的订单到哪里了？", "你们的退货政策是什么？"));
        ROUND_TRIP.put("gibberish (member)", List.of("qwpoeiru zmxncbv lkjhasd", "asdf ghjk"));
    }

    static void roundTrip(String url, String key) throws Exception {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("the round trip needs an API key: --key FILE or AFFINITY_API_KEY");
        }
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        String[] members = {"17850", "13047", "12583", "15100", "14688"};
        System.out.printf("%nFull message round trip over HTTP (%s): open a session, send one message, read the reply;"
                + " sequential, after 20 warm-up messages.%n%n", url);
        Table table = new Table(System.out, "message", "messages", "p50 ms", "p99 ms", "replies with intent");
        Latencies all = new Latencies();
        int round = 0;
        for (int warm = 0; warm < 20; warm++) {
            chat(http, json, url, key, members[warm % members.length], "where is my order?");
        }
        for (Map.Entry<String, List<String>> kind : ROUND_TRIP.entrySet()) {
            Latencies latencies = new Latencies();
            Map<String, Integer> intents = new TreeMap<>();
            boolean visitor = kind.getKey().contains("visitor");
            for (int i = 0; i < 60; i++) {
                String text = kind.getValue().get(i % kind.getValue().size());
                long started = System.nanoTime();
                JsonNode reply = chat(http, json, url, key,
                        visitor ? null : members[round++ % members.length], text);
                long took = System.nanoTime() - started;
                latencies.record(took);
                all.record(took);
                String intent = reply.path("abstained").asBoolean() ? "(abstained)" : reply.path("intent").asText();
                intents.merge(intent, 1, Integer::sum);
            }
            table.row(kind.getKey(), latencies.count(), latencies.percentileMillis(50), latencies.percentileMillis(99),
                    intents.toString());
        }
        table.row("all", all.count(), all.percentileMillis(50), all.percentileMillis(99), "");
    }

    /** Opens a session (for {@code member}, or a visitor) and sends {@code text}: the reply. */
    private static JsonNode chat(HttpClient http,
            ObjectMapper json, String url, String key, String member, String text)
            throws Exception {
        String session = json.readTree(send(http, url + "/api/chat/sessions", key,
                member == null ? "{}" : json.writeValueAsString(Map.of("member", member)), 201)).get("id").asText();
        return json.readTree(send(http, url + "/api/chat/sessions/" + session + "/messages", key,
                json.writeValueAsString(Map.of("text", text)), 200));
    }

    private static String send(HttpClient http, String uri, String key, String body, int expected)
            throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("POST " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    // --- Section 1: candidates ----------------------------------------------------------------------

    void candidates(List<Recipe> recipes, CachedEmbeddings english) {
        System.out.printf("%nCandidates: Bitext 20k (%,d examples, 27 intents): stratified held-out 20%%; then fit on all of"
                + " it and tested on the Bitext 8k set (%,d texts not in the 20k set). English model %s; \"fit s\" is both"
                + " fits (side by side) on cached embeddings.%n%n", train.size(), test.size(), ENGLISH_MODEL);
        embedAll(english, train, test);
        Table table = new Table(System.out, "candidate", "held-out accuracy", "held-out macro-F1", "8k accuracy",
                "8k macro-F1", "fit s");
        for (Recipe recipe : recipes) {
            long started = System.nanoTime();
            IntentTraining.Result result = IntentTraining.train(train, recipe, language -> english, Abstention.NEVER,
                    List.of(), new RecordingJobContext());
            double seconds = (System.nanoTime() - started) / 1e9;
            Scores scores = score(result.model(), test, language -> english, Abstention.NEVER);
            table.row(recipe.name() + (recipe.equals(Recipe.SHIPPED) ? " (shipped)" : ""), result.metrics().accuracy(),
                    result.metrics().macroF1(), scores.accuracy(), scores.macroF1(), seconds);
        }
        if (recipes.contains(Recipe.SHIPPED)) {
            // What the shop set trains on: at most 300 Bitext examples per intent.
            List<IntentExample> sample = ShippedData.bitextSample(train);
            long started = System.nanoTime();
            IntentTraining.Result result = IntentTraining.train(sample, Recipe.SHIPPED, language -> english,
                    Abstention.NEVER, List.of(), new RecordingJobContext());
            double seconds = (System.nanoTime() - started) / 1e9;
            Scores scores = score(result.model(), test, language -> english, Abstention.NEVER);
            table.row(String.format("shipped, on the shop set's sample (%,d: <= %d per intent)", sample.size(),
                    ShippedData.BITEXT_PER_INTENT), result.metrics().accuracy(), result.metrics().macroF1(), scores.accuracy(),
                    scores.macroF1(), seconds);
        }
    }

    // --- Section 2: abstention -----------------------------------------------------------------------

    void abstention(CachedEmbeddings english, boolean tune) throws IOException {
        List<IntentExample> sample = ShippedData.bitextSample(train);
        IntentTraining.Result result = IntentTraining.train(sample, Recipe.SHIPPED, language -> english,
                SHIPPED_ABSTENTION, background, new RecordingJobContext());
        IntentModel model = result.model();
        List<String> report = outOfScope("testdata/out-of-scope-report.txt");
        english.embedAll(report);
        System.out.printf("%nAbstention: the shipped classifier fit on the shop set's Bitext sample (%,d examples) with the"
                + " out-of-scope background, shipped defaults (confidence < %.2f, margin < %.2f, or out of scope)."
                + " Out-of-scope report split: %d texts written for it, never used to choose anything.%n%n", sample.size(),
                SHIPPED_ABSTENTION.threshold(), SHIPPED_ABSTENTION.margin(), report.size());
        Table table = new Table(System.out, "texts", "count", "abstained", "accuracy of the rest");
        Map<String, List<String>> groups = categories("testdata/out-of-scope-report.txt");
        int abstainedAll = 0;
        for (Map.Entry<String, List<String>> group : groups.entrySet()) {
            int abstained = 0;
            for (IntentPrediction p : model.classifyAll(group.getValue(), language -> english, SHIPPED_ABSTENTION)) {
                abstained += p.abstained() ? 1 : 0;
            }
            abstainedAll += abstained;
            table.row("out of scope: " + group.getKey(), group.getValue().size(), share(abstained, group.getValue().size()), "");
        }
        table.row("**out of scope, all**", report.size(), share(abstainedAll, report.size()), "");
        table.row("in scope: its held-out 20%", result.metrics().heldOut(), share(result.metrics().abstained(), 1), "");
        Scores answered = score(model, test, language -> english, SHIPPED_ABSTENTION);
        table.row("in scope: 8k", answered.total(), share(answered.abstained(), 1), answeredAccuracy(model, english));
        if (tune) {
            tune(english);
        }
    }

    /** Accuracy on the 8k texts the classifier did not abstain on. */
    private String answeredAccuracy(IntentModel model, CachedEmbeddings english) {
        List<IntentPrediction> predictions = model.classifyAll(test.stream().map(IntentExample::text).toList(),
                language -> english, SHIPPED_ABSTENTION);
        int answered = 0;
        int right = 0;
        for (int i = 0; i < test.size(); i++) {
            if (!predictions.get(i).abstained()) {
                answered++;
                right += predictions.get(i).intent().equals(test.get(i).intent()) ? 1 : 0;
            }
        }
        return String.format("%.3f", (double) right / Math.max(1, answered));
    }

    /** The grid the defaults were chosen from: background (tuning split) and 8k abstention per threshold and margin. */
    private void tune(CachedEmbeddings english) {
        System.out.printf("%nTuning grid (background = the tuning split, out of scope on; in-scope = 8k)%n%n");
        IntentTraining.Result result = IntentTraining.train(ShippedData.bitextSample(train), Recipe.SHIPPED,
                language -> english, Abstention.NEVER, background, new RecordingJobContext());
        Table table = new Table(System.out, "threshold", "margin", "background abstained", "8k abstained",
                "8k accuracy of the rest");
        List<String> inScope = test.stream().map(IntentExample::text).toList();
        for (double threshold : new double[] {0, 0.3, 0.4, 0.5, 0.6, 0.7}) {
            for (double margin : new double[] {0, 0.1, 0.2}) {
                Abstention abstention = new Abstention(threshold, margin, true);
                long out = result.model().classifyAll(background, language -> english, abstention).stream()
                        .filter(IntentPrediction::abstained).count();
                List<IntentPrediction> in = result.model().classifyAll(inScope, language -> english, abstention);
                int answered = 0;
                int right = 0;
                for (int i = 0; i < in.size(); i++) {
                    if (!in.get(i).abstained()) {
                        answered++;
                        right += in.get(i).intent().equals(test.get(i).intent()) ? 1 : 0;
                    }
                }
                table.row(threshold, margin, share(out, background.size()), share(in.size() - answered, in.size()),
                        String.format("%.3f", (double) right / Math.max(1, answered)));
            }
        }
    }

    // --- Section 3: the shipped set ---------------------------------------------------------------

    void shop() throws IOException {
        List<IntentExample> examples = Validation.examples(shipped().shop());
        System.out.printf("%nThe shipped set 'shop' as the service trains it: %,d examples (Bitext sample, the chat's 5 intents"
                + " in English, Chinese for all %d intents), English through %s, Chinese through %s, embeddings made afresh"
                + " (no cache), one intra-op thread per model.%n%n", examples.size(),
                examples.stream().map(IntentExample::intent).distinct().count(), ENGLISH_MODEL, CHINESE_MODEL);
        EmbeddingSettings fresh = new EmbeddingSettings(1, 32, 0);
        try (OnnxEmbeddingModel english = BenchModels.open(ENGLISH_MODEL, fresh);
                OnnxEmbeddingModel chinese = BenchModels.open(CHINESE_MODEL, fresh)) {
            IntentTraining.Models models = language -> Language.CHINESE.equals(language) ? chinese : english;
            Table table = new Table(System.out, "training", "examples", "intents", "held-out accuracy", "held-out macro-F1",
                    "held-out abstained", "seconds (embedding included)");
            IntentTraining.Result result = IntentTraining.train(examples, Recipe.SHIPPED, models, SHIPPED_ABSTENTION,
                    background, new RecordingJobContext());
            row(table, "shop, all", result);
            List<IntentExample> tenThousand = sample(train, 10_000);
            row(table, "Bitext 20k, a stratified 10k of it", IntentTraining.train(tenThousand, Recipe.SHIPPED, models,
                    SHIPPED_ABSTENTION, background, new RecordingJobContext()));
            System.out.println();
            writtenApart(result.model(), models);
            System.out.println();
            perLanguage(examples, models);
            System.out.println();
            latency(result.model(), models);
        }
    }

    private static void row(Table table, String name, IntentTraining.Result result) {
        var m = result.metrics();
        table.row(name, m.examples(), m.intents(), m.accuracy(), m.macroF1(), m.abstained(), m.seconds());
    }

    /** The shop set's model on texts written apart from its examples: the Bitext 8k set, and Chinese written for testing. */
    private void writtenApart(IntentModel model, IntentTraining.Models models) throws IOException {
        Table table = new Table(System.out, "the shop set on texts written apart", "texts", "accuracy", "abstained",
                "accuracy of the rest");
        List<IntentExample> chinese = ExampleFiles.read(Files.readString(INTENT_BUNDLE.resolve("testdata/shop-zh-report.csv"),
                StandardCharsets.UTF_8), ExampleFiles.CSV);
        for (Map.Entry<String, List<IntentExample>> texts : Map.of("Bitext 8k (English, written differently)", test,
                "Chinese written for testing (testdata/shop-zh-report.csv)", chinese).entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            List<IntentPrediction> predictions = model.classifyAll(texts.getValue().stream().map(IntentExample::text).toList(),
                    models, SHIPPED_ABSTENTION);
            int right = 0;
            int abstained = 0;
            int rightAnswered = 0;
            for (int i = 0; i < predictions.size(); i++) {
                boolean correct = predictions.get(i).intent().equals(texts.getValue().get(i).intent());
                right += correct ? 1 : 0;
                abstained += predictions.get(i).abstained() ? 1 : 0;
                rightAnswered += correct && !predictions.get(i).abstained() ? 1 : 0;
            }
            table.row(texts.getKey(), predictions.size(), (double) right / predictions.size(),
                    share(abstained, predictions.size()), (double) rightAnswered / Math.max(1, predictions.size() - abstained));
        }
    }

    /** Held-out accuracy per language: the split the service uses, measured by a model fit on the rest. */
    private void perLanguage(List<IntentExample> examples, IntentTraining.Models models) {
        Table table = new Table(System.out, "language", "examples", "held out", "held-out accuracy", "held-out macro-F1",
                "held-out abstained");
        for (String language : List.of(Language.ENGLISH, Language.CHINESE)) {
            List<IntentExample> those = examples.stream().filter(e -> Language.of(e.text()).equals(language)).toList();
            int[] held = Holdout.stratified(those.stream().map(IntentExample::intent).toList(), IntentTraining.HELD_OUT, 7);
            Set<Integer> heldSet = new HashSet<>();
            for (int i : held) {
                heldSet.add(i);
            }
            List<IntentExample> rest = new ArrayList<>();
            List<IntentExample> out = new ArrayList<>();
            for (int i = 0; i < those.size(); i++) {
                (heldSet.contains(i) ? out : rest).add(those.get(i));
            }
            IntentTraining.Result fit = IntentTraining.train(rest, Recipe.SHIPPED, models, SHIPPED_ABSTENTION, background,
                    new RecordingJobContext());
            Scores scores = score(fit.model(), out, models, SHIPPED_ABSTENTION);
            table.row(Language.name(language), those.size(), out.size(), scores.accuracy(), scores.macroF1(),
                    scores.abstained());
        }
    }

    /** classify per message, one text at a time, embedding included (the service's path, cache off). */
    private void latency(IntentModel model, IntentTraining.Models models) {
        Table table = new Table(System.out, "classify one message", "messages", "p50 ms", "p99 ms");
        Map<String, List<String>> texts = new LinkedHashMap<>();
        texts.put("English (8k texts)", test.stream().map(IntentExample::text).limit(1_000).toList());
        List<String> chinese = new ArrayList<>();
        try {
            shipped().shop().stream().filter(e -> Language.of(e.text()).equals(Language.CHINESE))
                    .forEach(e -> chinese.add(e.text()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        texts.put("Chinese (the shop set's)", chinese);
        for (Map.Entry<String, List<String>> group : texts.entrySet()) {
            for (int i = 0; i < Math.min(50, group.getValue().size()); i++) {
                model.classify(group.getValue().get(i), models, SHIPPED_ABSTENTION); // warm-up
            }
            Latencies latencies = new Latencies();
            for (String text : group.getValue()) {
                long started = System.nanoTime();
                model.classify(text, models, SHIPPED_ABSTENTION);
                latencies.record(System.nanoTime() - started);
            }
            table.row(group.getKey(), latencies.count(), latencies.percentileMillis(50), latencies.percentileMillis(99));
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    static ShippedData shipped() {
        return new ShippedData(path -> Files.newInputStream(INTENT_BUNDLE.resolve(path)));
    }

    private static void embedAll(EmbeddingModel model, List<IntentExample> a, List<IntentExample> b) {
        model.embedAll(a.stream().map(IntentExample::text).toList());
        model.embedAll(b.stream().map(IntentExample::text).toList());
    }

    private static Scores score(IntentModel model, List<IntentExample> examples, IntentTraining.Models models,
            Abstention abstention) {
        Scores scores = new Scores(model.intents());
        List<IntentPrediction> predictions = model.classifyAll(examples.stream().map(IntentExample::text).toList(), models,
                abstention);
        for (int i = 0; i < examples.size(); i++) {
            scores.add(model.intents().indexOf(examples.get(i).intent()), model.intents().indexOf(predictions.get(i).intent()),
                    predictions.get(i).abstained());
        }
        return scores;
    }

    /** A stratified sample of about {@code size} examples. */
    private static List<IntentExample> sample(List<IntentExample> examples, int size) {
        double share = Math.min(1, (double) size / examples.size());
        int[] chosen = Holdout.stratified(examples.stream().map(e -> Language.of(e.text()) + e.intent()).toList(), share, 11);
        List<IntentExample> sample = new ArrayList<>();
        for (int i : chosen) {
            sample.add(examples.get(i));
        }
        return sample;
    }

    private static String share(double part, double whole) {
        return String.format("%.1f%%", 100 * part / whole);
    }

    static List<String> outOfScope(String path) throws IOException {
        return Files.readAllLines(INTENT_BUNDLE.resolve(path), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }

    /** The texts of an out-of-scope file by category ('##' lines): English other topics, Chinese, gibberish. */
    private static Map<String, List<String>> categories(String path) throws IOException {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        String group = null;
        for (String line : Files.readAllLines(INTENT_BUNDLE.resolve(path), StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                String name = line.substring(3);
                group = name.startsWith("Chinese") ? "Chinese, other topics"
                        : name.startsWith("gibberish") ? "gibberish and keyboard mash" : "English, other topics";
            } else if (!line.isBlank() && !line.startsWith("#") && group != null) {
                groups.computeIfAbsent(group, g -> new ArrayList<>()).add(line);
            }
        }
        return groups;
    }

    static List<IntentExample> readGzipCsv(Path gz) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
            return ExampleFiles.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), ExampleFiles.CSV);
        }
    }

    /** name:epochs=12,lr=0.01,decay=0.0001,batch=32,emb=3,word=1,char=0.5,balance=1,min=2,hidden=0,chars=3-5,words=1,han=3 */
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
                    charMin = v.equals("0") ? 0 : Integer.parseInt(v.split("-")[0]);
                    charMax = v.equals("0") ? 0 : Integer.parseInt(v.split("-")[1]);
                }
                case "han" -> han = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown recipe key " + kv[0]);
            }
        }
        return new Recipe(base.name(), embedding, emb, new Ngrams(words, charMin, charMax, han), word, chr, min, hidden,
                epochs, lr, decay, batch, balance, base.seed());
    }
}
