package org.affinity.shell.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.affinity.api.item.Item;
import org.affinity.api.recommend.ArmReport;
import org.affinity.api.recommend.Experiment;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.RecommendationResult;
import org.affinity.api.recommend.Recommendations;
import org.affinity.api.recommend.Route;
import org.affinity.api.recommend.Routing;
import org.affinity.api.recommend.UpliftReport;
import org.affinity.api.store.Store;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * affinity:recommend, affinity:related, affinity:strategy - recommendations and their routing.
 * (affinity:similar is the semantic catalogue search's; related is item-to-item by the strategies.)
 */
@Component(service = RecommendCommands.class, property = {
        "osgi.command.scope=affinity",
        "osgi.command.function=recommend",
        "osgi.command.function=related",
        "osgi.command.function=strategy"})
public class RecommendCommands {

    private final Recommendations recommendations;
    private final Store store;

    @Activate
    public RecommendCommands(@Reference Recommendations recommendations, @Reference Store store) {
        this.recommendations = recommendations;
        this.store = store;
    }

    @Descriptor("recommend 10 items for a member, as routing decides")
    public void recommend(@Descriptor("member id") String member) {
        recommend(member, 10, null);
    }

    @Descriptor("recommend n items for a member")
    public void recommend(@Descriptor("member id") String member, @Descriptor("how many") int n) {
        recommend(member, n, null);
    }

    @Descriptor("recommend n items for a member with a named strategy")
    public void recommend(@Descriptor("member id") String member, @Descriptor("how many") int n,
            @Descriptor("strategy (popularity, trending, cf, content, hybrid...)") String strategy) {
        print(recommendations.recommend(new RecommendationRequest(member, null, n, null, null, strategy)));
    }

    @Descriptor("items to recommend next to an item (item-to-item, as routing decides)")
    public void related(@Descriptor("item id") String item) {
        related(item, 10, null);
    }

    @Descriptor("n items to recommend next to an item, with a named strategy")
    public void related(@Descriptor("item id") String item, @Descriptor("how many") int n, @Descriptor("strategy") String strategy) {
        print(recommendations.recommend(new RecommendationRequest(null, item, n, null, null, strategy)));
    }

    @Descriptor("list strategies and routing")
    public void strategy() {
        strategy("list");
    }

    @Descriptor("strategy list | use <name> | route [<when> <strategy> | clear] | ab [<name> <strategy>=<weight>... | off | report]"
            + " | fallback <name>...")
    public void strategy(@Descriptor("list, use, route, ab or fallback") String action,
            @Descriptor("arguments of the action") String... args) {
        PrintStream out = System.out;
        Routing routing = recommendations.routing();
        switch (action) {
            case "list" -> list(out, routing);
            case "use" -> {
                need(args, 1, "strategy use <name>");
                applied(recommendations.configure(routing.withDefault(args[0])));
            }
            case "route" -> {
                if (args.length == 0) {
                    routing.routes().forEach(route -> out.println("  " + route));
                } else if (args[0].equals("clear")) {
                    applied(recommendations.configure(routing.withRoutes(List.of())));
                } else {
                    need(args, 2, "strategy route <when> <strategy>  (when: segment:<id>, country:<c>, attribute:<k>=<v>, anonymous, item)");
                    List<Route> routes = new ArrayList<>(routing.routes());
                    routes.removeIf(route -> route.when().equals(args[0]));
                    routes.add(new Route(args[0], args[1]));
                    applied(recommendations.configure(routing.withRoutes(routes)));
                }
            }
            case "ab" -> ab(out, routing, args);
            case "fallback" -> applied(recommendations.configure(new Routing(routing.defaultStrategy(), routing.routes(),
                    routing.experiment(), List.of(args))));
            default -> throw new IllegalArgumentException("unknown action '" + action + "': list, use, route, ab or fallback");
        }
    }

    private void ab(PrintStream out, Routing routing, String[] args) {
        if (args.length == 0) {
            out.println(routing.experiment() == null ? "no experiment" : routing.experiment());
        } else if (args[0].equals("off")) {
            applied(recommendations.configure(routing.withExperiment(null)));
        } else if (args[0].equals("report")) {
            UpliftReport report = recommendations.uplift();
            out.printf("experiment %s since %s, control %s%n", report.experiment(), report.since(), report.control());
            out.printf("  %-12s %8s %8s %12s %8s %10s %8s %10s %12s %8s%n", "arm", "members", "buyers", "revenue", "conv", "rev/member",
                    "served", "attr.evts", "attr.revenue", "uplift");
            for (ArmReport arm : report.arms()) {
                out.printf("  %-12s %8d %8d %12s %7.1f%% %10.2f %8d %10d %12s %+7.1f%%%n", arm.arm(), arm.members(), arm.buyers(),
                        arm.revenue(), arm.conversion() * 100, arm.revenuePerMember(), arm.served(), arm.attributedEvents(),
                        arm.attributedRevenue(), arm.uplift() * 100);
            }
        } else {
            need(args, 2, "strategy ab <name> <strategy>=<weight>...");
            Map<String, Integer> arms = new LinkedHashMap<>();
            for (int i = 1; i < args.length; i++) {
                String[] pair = args[i].split("=", 2);
                if (pair.length != 2) {
                    throw new IllegalArgumentException("arm '" + args[i] + "': expected strategy=weight");
                }
                arms.put(pair[0], Integer.parseInt(pair[1]));
            }
            applied(recommendations.configure(routing.withExperiment(new Experiment(args[0], arms, null, Instant.now()))));
        }
    }

    private static void need(String[] args, int count, String usage) {
        if (args.length < count) {
            throw new IllegalArgumentException("usage: affinity:" + usage);
        }
    }

    private void list(PrintStream out, Routing routing) {
        out.println("present: " + String.join(", ", recommendations.strategies()));
        out.println("default: " + routing.defaultStrategy()
                + (recommendations.strategies().contains(routing.defaultStrategy()) ? "" : "  (not present: requests fall back)"));
        List<String> chain = new ArrayList<>(routing.fallback());
        if (!chain.contains("popularity")) {
            chain.add("popularity");   // always last, whether configured or not
        }
        out.println("fallback: " + String.join(" -> ", chain));
        out.println("routes: " + (routing.routes().isEmpty() ? "none" : routing.routes()));
        out.println("experiment: " + (routing.experiment() == null ? "none" : routing.experiment()));
    }

    private void applied(Routing routing) {
        System.out.println("applied; the next request uses it");
        list(System.out, routing);
    }

    private void print(RecommendationResult result) {
        PrintStream out = System.out;
        Map<String, Item> items = new HashMap<>();
        store.items(result.items().stream().map(Recommendation::itemId).toList()).forEach(item -> items.put(item.id(), item));
        out.printf("strategy %s, arm %s, id %s%s%n", result.strategy(), result.arm(), result.id(),
                result.fallbacks().isEmpty() ? "" : ", fallbacks " + result.fallbacks());
        int rank = 1;
        for (Recommendation r : result.items()) {
            Item item = items.get(r.itemId());
            out.printf("%3d. %-10s %-40s %8.3f  %s%n", rank++, r.itemId(), item == null ? "" : truncate(item.title(), 40), r.score(),
                    r.explanation());
        }
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
