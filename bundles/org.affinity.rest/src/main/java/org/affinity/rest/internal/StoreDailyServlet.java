package org.affinity.rest.internal;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.store.Store;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * GET /api/store/daily?days=90: events per day (UTC) and type for the last {@code days} days that
 * end on the day of the latest event, not today: a shop's history (the demo's ends in 2011) still
 * shows. Days without events are answered with zero so a chart has no gaps.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-store-daily")
@HttpWhiteboardServletPattern("/api/store/daily")
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class StoreDailyServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Store store;

    /** One day: its date, its events, and those by type (wire names). */
    public record Day(String date, long events, Map<String, Long> byType) {
    }

    /** The window asked for, the days in it (oldest first); from and to are null for an empty store. */
    public record Daily(String from, String to, List<Day> days) {
    }

    /** The last scan, the store's event count then, and when: a scan of the demo's 400,000 events takes seconds. */
    private record Scan(Store store, long events, long nanos, TreeMap<LocalDate, Map<String, Long>> counts) {
    }

    private transient volatile Scan last;

    /**
     * Per day and type, scanned again when the store's event count has changed or the last scan is a
     * minute old (an erase and an append of as many events leave the count as it was).
     */
    private TreeMap<LocalDate, Map<String, Long>> counts(Store current) {
        long events = current.counts().events();
        Scan scan = last;
        if (scan != null && scan.store() == current && scan.events() == events
                && System.nanoTime() - scan.nanos() < TimeUnit.MINUTES.toNanos(1)) {
            return scan.counts();
        }
        TreeMap<LocalDate, Map<String, Long>> counts = new TreeMap<>();
        current.scanEvents(event -> counts.computeIfAbsent(LocalDate.ofInstant(event.timestamp(), ZoneOffset.UTC),
                d -> new TreeMap<>()).merge(event.type().wireName(), 1L, Long::sum));
        last = new Scan(current, events, System.nanoTime(), counts);
        return counts;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int days = intParameter(request, "days", 90, 1, 3660);
        Store current = require(store, "store");
        TreeMap<LocalDate, Map<String, Long>> counts = counts(current);
        if (counts.isEmpty()) {
            send(response, 200, new Daily(null, null, List.of()));
            return;
        }
        LocalDate to = counts.lastKey();
        LocalDate from = to.minusDays(days - 1L);
        List<Day> answer = new ArrayList<>(days);
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            Map<String, Long> byType = counts.getOrDefault(day, Map.of());
            answer.add(new Day(day.toString(), byType.values().stream().mapToLong(Long::longValue).sum(),
                    new LinkedHashMap<>(byType)));
        }
        send(response, 200, new Daily(from.toString(), to.toString(), answer));
    }
}
