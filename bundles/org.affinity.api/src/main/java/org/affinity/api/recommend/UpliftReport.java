package org.affinity.api.recommend;

import java.time.Instant;
import java.util.List;

/**
 * Arms of the running experiment compared on real traffic.
 *
 * @param experiment its name
 * @param since when it started
 * @param control the arm the others are compared with
 * @param arms one line per arm, control first
 * @since 1.1
 */
public record UpliftReport(String experiment, Instant since, String control, List<ArmReport> arms) {

    public UpliftReport {
        arms = List.copyOf(arms);
    }
}
