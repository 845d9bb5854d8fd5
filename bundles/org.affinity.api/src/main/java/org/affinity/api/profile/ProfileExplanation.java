package org.affinity.api.profile;

import java.util.List;

/**
 * Why a profile is what it is: the items, categories and terms that shaped it most, strongest
 * first, and a one-line summary for people.
 *
 * @since 1.1
 */
public record ProfileExplanation(String memberId, String summary, List<Contribution> items, List<Contribution> categories,
        List<Contribution> terms) {

    public ProfileExplanation {
        items = List.copyOf(items);
        categories = List.copyOf(categories);
        terms = List.copyOf(terms);
    }
}
