package org.affinity.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.item.Item;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;

/**
 * A seeded shop shaped like the Online Retail demo, at {@code factor} times its size: members and
 * events grow with the factor, the catalogue with its square root (a shop with ten times the
 * customers rarely sells ten times the products; a linear catalogue would also make every size's
 * run mostly embedding of item titles).
 *
 * <p>The shape was measured on the demo file (406,829 lines with a member, 2026-12-07): baskets per
 * member median 3, mean 5.1, p90 11, p99 36; lines per basket median 15, mean 21, p90 48; 2.2% of
 * lines are returns; a third of purchase lines repeat an item the member bought before; item
 * popularity falls as rank^-0.57 (the top 100 items take 20% of lines); quantities median 6; unit
 * prices median 1.95; 90% of members in the United Kingdom. Each member here also has a taste (one
 * of the product groups below) that half of their new items come from, so personal strategies have
 * something to find. Events arrive in time order across the shop, as a live feed does.
 */
final class ShopGenerator {

    static final int DEMO_MEMBERS = 4_372;
    static final int DEMO_ITEMS = 3_942;
    static final Instant FIRST = Instant.parse("2010-12-01T08:00:00Z");
    static final Instant LAST = Instant.parse("2011-12-09T18:00:00Z");

    private static final double RETURN_SHARE = 0.022;
    private static final double REPEAT_SHARE = 0.33;
    private static final double TASTE_SHARE = 0.5;
    private static final double POPULARITY_EXPONENT = 0.57;
    private static final int REMEMBERED_ITEMS = 48;
    private static final int BATCH = 20_000;

    private static final String[] COLOURS = {"WHITE", "RED", "PINK", "BLUE", "GREEN", "IVORY", "CREAM", "BLACK", "SILVER",
        "GOLD", "PURPLE", "ORANGE", "YELLOW", "TURQUOISE", "LILAC", "BROWN", "GREY"};
    private static final String[] MOTIFS = {"HEART", "RETROSPOT", "POLKADOT", "VINTAGE", "CHRISTMAS", "SPACEBOY", "PAISLEY",
        "REGENCY", "WOODLAND", "FAIRY", "ROSE", "STRAWBERRY", "BIRD", "BUTTERFLY", "SKULL", "ALPHABET", "GINGHAM",
        "UNION JACK", "LONDON", "FLOWER", "STAR", "DOLLY GIRL", "FRENCH", "ANTIQUE", "PANTRY", "TRADITIONAL", "SWEETHEART",
        "BAKELIKE", "CHARLOTTE", "SUKI", "APPLE", "DOILY", "HANGING", "SPOTTY", "GARDEN", "COTTAGE", "LACE", "ENAMEL",
        "GLASS", "WOODEN"};
    /** Product nouns by group; the group is a member's taste. */
    private static final String[][] PRODUCTS = {
        {"CAKESTAND", "TEA CUP", "MUG", "JAM JAR", "CAKE TINS", "BAKING SET", "CUTLERY SET", "NAPKINS", "PLATE", "BOWL",
            "EGG CUP", "TEAPOT"},
        {"JUMBO BAG", "LUNCH BAG", "SHOPPER", "PURSE", "WASH BAG", "TOTE"},
        {"T-LIGHT HOLDER", "LANTERN", "CANDLE", "PHOTO FRAME", "WALL CLOCK", "CUSHION COVER", "DOORMAT", "WALL SIGN",
            "BUNTING", "DRAWER KNOB", "COAT HOOK", "MIRROR"},
        {"DECORATION", "WREATH", "BAUBLE", "STOCKING", "TREE", "ADVENT CALENDAR"},
        {"GREETING CARD", "WRAP", "NOTEBOOK", "PENCILS", "STICKERS", "GIFT TAGS", "TISSUES", "RIBBONS"},
        {"PLAYHOUSE", "CRAFT KIT", "ALARM CLOCK", "CHILDRENS APRON", "PLASTERS", "SKIPPING ROPE"},
        {"WATERING CAN", "PLANT POT", "BIRD TABLE", "GARDEN MARKERS", "ZINC BUCKET"}};
    private static final String[] SIZES = {"", "SMALL ", "LARGE ", "SET OF 3 ", "MINI ", "JUMBO "};
    /** Members per country in the demo (the rest spread over the others listed). */
    private static final String[] COUNTRIES = {"United Kingdom", "Germany", "France", "Spain", "Belgium", "Switzerland",
        "Portugal", "Italy", "Finland", "Norway", "Australia", "Netherlands", "Sweden", "Denmark", "Japan", "Austria",
        "Channel Islands", "Cyprus"};
    private static final double[] COUNTRY_SHARES = {3950, 95, 87, 29, 24, 20, 19, 15, 12, 10, 9, 9, 8, 8, 8, 8, 9, 8};

    private final double factor;
    /** Lines per basket relative to the demo's (1: its shape, about 98 events per member here). */
    private final double lines;
    private final long seed;
    private final int members;
    private final int items;
    private final int[] itemGroup;
    private final BigDecimal[] itemPrice;
    private final double[] popularity;
    private final double[] cumulativePopularity;
    private final int[][] groupItems;
    private final double[][] groupPopularity;

    /** Counts of what {@link #events} produced. */
    record Produced(long events, long purchases, long returns, long baskets) {
    }

    ShopGenerator(double factor, long seed) {
        this(factor, 1, seed);
    }

    /**
     * @param lines lines per basket relative to the demo's: a shop with as many baskets per member
     *        but shorter ones ({@link #linesFor}: about 0.1 gives 10 events per member, a retail
     *        rather than a wholesale shape)
     */
    ShopGenerator(double factor, double lines, long seed) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("the size factor must be above 0, was " + factor);
        }
        if (!(lines > 0 && lines <= 1)) {
            throw new IllegalArgumentException("the lines per basket must be above 0 and at most 1 (the demo's), was " + lines);
        }
        this.factor = factor;
        this.lines = lines;
        this.seed = seed;
        this.members = Math.max(10, (int) Math.round(DEMO_MEMBERS * factor));
        this.items = Math.max(50, (int) Math.round(DEMO_ITEMS * Math.sqrt(factor)));
        SplittableRandom random = new SplittableRandom(seed);
        itemGroup = new int[items];
        itemPrice = new BigDecimal[items];
        for (int i = 0; i < items; i++) {
            itemGroup[i] = groupOf(productOf(i));
            itemPrice[i] = BigDecimal.valueOf(Math.exp(Math.log(1.95) + 0.97 * gaussian(random)))
                    .max(new BigDecimal("0.19")).setScale(2, RoundingMode.HALF_UP);
        }
        // Popularity ranks are a seeded shuffle of the catalogue, so popular items are of every kind.
        int[] rank = new int[items];
        for (int i = 0; i < items; i++) {
            rank[i] = i;
        }
        for (int i = items - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = rank[i];
            rank[i] = rank[j];
            rank[j] = swap;
        }
        popularity = new double[items];
        for (int r = 0; r < items; r++) {
            popularity[rank[r]] = Math.pow(r + 1, -POPULARITY_EXPONENT);
        }
        cumulativePopularity = cumulative(popularity);
        groupItems = new int[PRODUCTS.length][];
        groupPopularity = new double[PRODUCTS.length][];
        for (int g = 0; g < PRODUCTS.length; g++) {
            final int group = g;
            groupItems[g] = java.util.stream.IntStream.range(0, items).filter(i -> itemGroup[i] == group).toArray();
            groupPopularity[g] = cumulative(groupItems[g], popularity);
        }
    }

    int members() {
        return members;
    }

    int items() {
        return items;
    }

    double factor() {
        return factor;
    }

    /** About how many events {@link #events} makes: members times the expected baskets times the expected lines. */
    long expectedEvents() {
        return Math.round(members * eventsPerMember(lines));
    }

    /** The expected events per member at a lines setting (about 98 at 1; the demo file has 91). */
    static double eventsPerMember(double lines) {
        // E[1 + floor(exp(ln 2 + 1.19 g))] baskets times E[max(1, round(exp(ln(15 lines) + 0.85 g)))] lines, g standard normal.
        return expected(g -> 1 + Math.floor(Math.exp(Math.log(2) + 1.19 * g)))
                * expected(g -> Math.max(1, Math.round(Math.exp(Math.log(15 * lines) + 0.85 * g))));
    }

    /** The lines setting that gives about {@code perMember} events per member (bisection on {@link #eventsPerMember}). */
    static double linesFor(double perMember) {
        double low = 1e-3;
        double high = 1;
        if (perMember >= eventsPerMember(high)) {
            return 1;
        }
        for (int i = 0; i < 40; i++) {
            double middle = (low + high) / 2;
            if (eventsPerMember(middle) < perMember) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return (low + high) / 2;
    }

    private static double expected(java.util.function.DoubleUnaryOperator f) {
        double sum = 0;
        double step = 1e-3;
        for (double g = -8; g <= 8; g += step) {
            sum += f.applyAsDouble(g) * Math.exp(-g * g / 2) * step;
        }
        return sum / Math.sqrt(2 * Math.PI);
    }

    static String memberId(int index) {
        return String.valueOf(100_000 + index);
    }

    static String itemId(int index) {
        return "G" + index;
    }

    /** The catalogue, in batches. */
    void items(Consumer<List<Item>> batches) {
        List<Item> batch = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            batch.add(new Item(itemId(i), title(i), "", List.of(), itemPrice[i], "GBP", Map.of(), true, FIRST));
            if (batch.size() == 5_000) {
                batches.accept(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.accept(batch);
        }
    }

    /** The members with their countries, in batches. */
    void members(Consumer<List<Member>> batches) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x6d656d62L);
        double[] countries = cumulative(COUNTRY_SHARES);
        List<Member> batch = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            String country = COUNTRIES[pick(countries, random.nextDouble())];
            batch.add(Member.of(memberId(m), Map.of("country", country), Consent.ALL));
            if (batch.size() == 5_000) {
                batches.accept(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.accept(batch);
        }
    }

    /** Every event of the shop in time order, in batches of 20,000 (the import's default batch). */
    Produced events(Consumer<List<Event>> batches) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x6576656eL);
        long span = LAST.getEpochSecond() - FIRST.getEpochSecond();
        int[] taste = new int[members];
        // Baskets as (seconds since FIRST << 24 | member), sorted: the shop's order of events.
        long[] baskets = new long[members * 6];
        int count = 0;
        for (int m = 0; m < members; m++) {
            taste[m] = random.nextInt(PRODUCTS.length);
            int k = 1 + (int) Math.floor(Math.exp(Math.log(2) + 1.19 * gaussian(random)));
            long first = (long) (random.nextDouble() * span);
            for (int b = 0; b < k; b++) {
                long at = b == 0 ? first : first + (long) (random.nextDouble() * (span - first));
                if (count == baskets.length) {
                    baskets = Arrays.copyOf(baskets, baskets.length * 3 / 2);
                }
                baskets[count++] = at << 24 | m;
            }
        }
        Arrays.sort(baskets, 0, count);
        int[][] bought = new int[members][];
        int[] boughtCount = new int[members];
        List<Event> batch = new ArrayList<>(BATCH);
        long events = 0;
        long purchases = 0;
        long returns = 0;
        for (int b = 0; b < count; b++) {
            int m = (int) (baskets[b] & 0xffffff);
            Instant at = FIRST.plusSeconds(baskets[b] >>> 24);
            String member = memberId(m);
            String order = "G" + (500_000 + b);
            Map<String, Object> attributes = Map.of("order", order);
            int lines = Math.max(1, (int) Math.round(Math.exp(Math.log(15 * this.lines) + 0.85 * gaussian(random))));
            for (int line = 0; line < lines; line++) {
                int quantity = Math.max(1, (int) Math.round(Math.exp(Math.log(6) + 1.08 * gaussian(random))));
                EventType type;
                int item;
                if (boughtCount[m] > 0 && random.nextDouble() < RETURN_SHARE) {
                    type = EventType.RETURN;
                    item = bought[m][random.nextInt(boughtCount[m])];
                    quantity = Math.max(1, quantity / 2);
                    returns++;
                } else {
                    type = EventType.PURCHASE;
                    double draw = random.nextDouble();
                    if (boughtCount[m] > 0 && draw < REPEAT_SHARE) {
                        item = bought[m][random.nextInt(boughtCount[m])];
                    } else if (draw < REPEAT_SHARE + (1 - REPEAT_SHARE) * TASTE_SHARE && groupItems[taste[m]].length > 0) {
                        item = groupItems[taste[m]][pick(groupPopularity[taste[m]], random.nextDouble())];
                    } else {
                        item = pickPopular(random.nextDouble());
                    }
                    remember(bought, boughtCount, m, item, random);
                    purchases++;
                }
                batch.add(new Event("g" + events, type, member, itemId(item), quantity, itemPrice[item], null, at, attributes));
                events++;
                if (batch.size() == BATCH) {
                    batches.accept(batch);
                    batch = new ArrayList<>(BATCH);
                }
            }
        }
        if (!batch.isEmpty()) {
            batches.accept(batch);
        }
        return new Produced(events, purchases, returns, count);
    }

    /** Search phrases a shopper would type: a colour or motif and a product. */
    List<String> queries(int n) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x71756572L);
        List<String> queries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String[] group = PRODUCTS[random.nextInt(PRODUCTS.length)];
            String product = group[random.nextInt(group.length)].toLowerCase(Locale.ROOT);
            String word = random.nextBoolean() ? COLOURS[random.nextInt(COLOURS.length)] : MOTIFS[random.nextInt(MOTIFS.length)];
            queries.add(word.toLowerCase(Locale.ROOT) + " " + product);
        }
        return queries;
    }

    private int pickPopular(double draw) {
        return pick(cumulativePopularity, draw);
    }

    private static void remember(int[][] bought, int[] boughtCount, int m, int item, SplittableRandom random) {
        int[] mine = bought[m];
        for (int i = 0; i < boughtCount[m]; i++) {
            if (mine[i] == item) {
                return;
            }
        }
        if (mine == null) {
            mine = bought[m] = new int[4];
        } else if (boughtCount[m] == mine.length && mine.length < REMEMBERED_ITEMS) {
            mine = bought[m] = Arrays.copyOf(mine, Math.min(REMEMBERED_ITEMS, mine.length * 2));
        }
        if (boughtCount[m] < mine.length) {
            mine[boughtCount[m]++] = item;
        } else {
            mine[random.nextInt(mine.length)] = item;
        }
    }

    /** Title Case as the demo's import stores titles ("White Hanging Heart T-Light Holder"). */
    private static String title(int index) {
        int combinations = COLOURS.length * MOTIFS.length * productCount();
        // A stride coprime to the count spreads consecutive items over colours, motifs and products.
        int combination = (int) ((long) index * 7_919 % combinations);
        String size = SIZES[(index / combinations) % SIZES.length];
        String colour = COLOURS[combination % COLOURS.length];
        String motif = MOTIFS[(combination / COLOURS.length) % MOTIFS.length];
        String product = productName(productOf(index));
        String upper = size + colour + " " + motif + " " + product + (index >= combinations * SIZES.length
                ? " " + (index / (combinations * SIZES.length) + 1) : "");
        StringBuilder title = new StringBuilder(upper.length());
        boolean start = true;
        for (char c : upper.toCharArray()) {
            title.append(start ? c : Character.toLowerCase(c));
            start = c == ' ' || c == '-';
        }
        return title.toString();
    }

    private static int productOf(int index) {
        int combinations = COLOURS.length * MOTIFS.length * productCount();
        int combination = (int) ((long) index * 7_919 % combinations);
        return combination / (COLOURS.length * MOTIFS.length);
    }

    private static int productCount() {
        int count = 0;
        for (String[] group : PRODUCTS) {
            count += group.length;
        }
        return count;
    }

    private static String productName(int product) {
        int at = product;
        for (String[] group : PRODUCTS) {
            if (at < group.length) {
                return group[at];
            }
            at -= group.length;
        }
        throw new IllegalArgumentException("no product " + product);
    }

    private static int groupOf(int product) {
        int at = product;
        for (int g = 0; g < PRODUCTS.length; g++) {
            if (at < PRODUCTS[g].length) {
                return g;
            }
            at -= PRODUCTS[g].length;
        }
        throw new IllegalArgumentException("no product " + product);
    }

    private static double[] cumulative(int[] members, double[] weights) {
        double[] sums = new double[members.length];
        double sum = 0;
        for (int i = 0; i < members.length; i++) {
            sum += weights[members[i]];
            sums[i] = sum;
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] /= sum;
        }
        return sums;
    }

    private static double[] cumulative(double[] weights) {
        int[] all = java.util.stream.IntStream.range(0, weights.length).toArray();
        return cumulative(all, weights);
    }

    /** The index whose cumulative share first reaches {@code draw}. */
    private static int pick(double[] cumulative, double draw) {
        int at = Arrays.binarySearch(cumulative, draw);
        return Math.min(cumulative.length - 1, at >= 0 ? at : -at - 1);
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
