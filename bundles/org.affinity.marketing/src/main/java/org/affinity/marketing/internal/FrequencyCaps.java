package org.affinity.marketing.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Frequency caps per member and channel across campaigns ("email=2/7d": at most two marketing emails
 * in any 7 days). The contact history is rebuilt from the runs' ledgers at start and kept in memory;
 * a send reserves its slot before the hand-off (two campaigns sending at once cannot both take a
 * member's last slot) and gives it back when the hand-off fails. Transactional messages neither count
 * nor are capped.
 */
final class FrequencyCaps {

    /** At most {@code messages} per {@code window}. */
    record Cap(int messages, Duration window) {
    }

    private static final Pattern CAP = Pattern.compile("\\s*([a-z_-]+)\\s*=\\s*(\\d+)\\s*/\\s*(\\d+)\\s*([dh])\\s*");

    private final Map<String, Cap> caps;
    private final Map<String, Deque<Instant>> contacts = new ConcurrentHashMap<>();

    FrequencyCaps(Map<String, Cap> caps) {
        this.caps = Map.copyOf(caps);
    }

    /**
     * Parses caps such as {@code email=2/7d}, {@code sms=1/24h}.
     *
     * @throws IllegalArgumentException naming the entry that is not of that form
     */
    static Map<String, Cap> parse(String[] entries) {
        Map<String, Cap> caps = new HashMap<>();
        for (String entry : entries == null ? new String[0] : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            Matcher m = CAP.matcher(entry.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException("frequency cap '" + entry + "' must look like email=2/7d or sms=1/24h");
            }
            int count = Integer.parseInt(m.group(2));
            long amount = Long.parseLong(m.group(3));
            Duration window = m.group(4).equals("d") ? Duration.ofDays(amount) : Duration.ofHours(amount);
            caps.put(channel(m.group(1)), new Cap(count, window));
        }
        return caps;
    }

    /** "in_app" and "in-app" are one channel. */
    static String channel(String name) {
        return name.replace('_', '-');
    }

    Cap cap(String channel) {
        return caps.get(channel(channel));
    }

    /** A message already handed off (from a ledger at start). */
    void remember(String memberId, String channel, Instant at) {
        Deque<Instant> times = contacts.computeIfAbsent(key(memberId, channel), k -> new ArrayDeque<>());
        synchronized (times) {
            times.add(at);
        }
    }

    /** Takes a slot for a message now; false when the member's cap for the channel is reached. */
    boolean reserve(String memberId, String channel, Instant now) {
        Cap cap = cap(channel);
        Deque<Instant> times = contacts.computeIfAbsent(key(memberId, channel), k -> new ArrayDeque<>());
        synchronized (times) {
            if (cap != null) {
                Instant since = now.minus(cap.window());
                times.removeIf(t -> !t.isAfter(since) && !t.isAfter(now));
                long inWindow = times.stream().filter(t -> t.isAfter(since) && !t.isAfter(now)).count();
                if (inWindow >= cap.messages()) {
                    return false;
                }
            }
            times.add(now);
            return true;
        }
    }

    /** Gives back a slot taken by {@link #reserve} whose message was not handed off. */
    void release(String memberId, String channel, Instant at) {
        Deque<Instant> times = contacts.get(key(memberId, channel));
        if (times != null) {
            synchronized (times) {
                times.removeLastOccurrence(at);
            }
        }
    }

    void erase(String memberId) {
        String prefix = memberId + '\u0000';
        contacts.keySet().removeIf(k -> k.startsWith(prefix));
    }

    private static String key(String memberId, String channel) {
        return memberId + '\u0000' + channel(channel);
    }
}
