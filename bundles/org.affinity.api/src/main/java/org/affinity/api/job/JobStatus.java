package org.affinity.api.job;

import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of a job.
 *
 * @param kind what sort of job ("import", "train", "reembed", "reindex", ...)
 * @param title what this job does, for people
 * @param done units done so far
 * @param total units in all, or -1 while unknown
 * @param unit what is counted ("lines", "items", "members")
 * @param message the latest progress message
 * @param error why it failed, or null
 * @param result what it produced (a report), or null until it succeeded
 */
public record JobStatus(String id, String kind, String title, JobState state, long done, long total, String unit,
        String message, Instant started, Instant finished, String error, Object result) {

    /** Done as a fraction of the total, or -1 while the total is unknown. */
    public double fraction() {
        return total <= 0 ? -1 : Math.min(1.0, (double) done / total);
    }

    public Duration elapsed() {
        if (started == null) {
            return Duration.ZERO;
        }
        return Duration.between(started, finished == null ? Instant.now() : finished);
    }

    /** Units per second since the start. */
    public double rate() {
        double seconds = elapsed().toMillis() / 1000.0;
        return seconds <= 0 ? 0 : done / seconds;
    }

    /** One line for consoles: "import 42% 230,000/541,909 lines 48,000 lines/s - reading". */
    public String progressLine() {
        StringBuilder line = new StringBuilder();
        line.append(id).append(' ').append(kind).append(' ').append(state);
        if (fraction() >= 0) {
            line.append(String.format(" %3.0f%%", fraction() * 100));
        }
        line.append(String.format(" %,d", done));
        if (total > 0) {
            line.append(String.format("/%,d", total));
        }
        if (unit != null) {
            line.append(' ').append(unit);
        }
        if (state == JobState.RUNNING && done > 0) {
            line.append(String.format(" %,.0f/s", rate()));
        }
        if (message != null && !message.isEmpty()) {
            line.append(" - ").append(message);
        }
        if (error != null) {
            line.append(" - error: ").append(error);
        }
        return line.toString();
    }
}
