package org.affinity.profile.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.affinity.api.profile.Profile;
import org.affinity.api.profile.ProfileView;
import org.affinity.api.profile.Rfm;

/**
 * A {@link ProfileView} over a profile book: the live one (the supplier follows a rebuild's swap) or
 * one rebuilt to a cutoff. Each read takes the member's monitor only while it copies.
 */
final class BookView implements ProfileView {

    private final Supplier<ProfileBook> book;
    private final Instant asOf;
    private final double ownWordsShare;

    BookView(Supplier<ProfileBook> book, Instant asOf, double ownWordsShare) {
        this.book = book;
        this.asOf = asOf;
        this.ownWordsShare = ownWordsShare;
    }

    @Override
    public Instant asOf() {
        return asOf;
    }

    @Override
    public String vectorModel() {
        for (MemberState state : book.get().states()) {
            synchronized (state) {
                if (state.model != null) {
                    return state.model;
                }
            }
        }
        return null;
    }

    @Override
    public List<String> members() {
        List<String> ids = new ArrayList<>();
        book.get().states().forEach(state -> ids.add(state.id));
        return ids;
    }

    @Override
    public Optional<Profile> profile(String memberId) {
        ProfileBook current = book.get();
        MemberState state = current.state(memberId);
        if (state == null) {
            return Optional.empty();
        }
        synchronized (state) {
            return Optional.of(ProfileViews.profile(state, current));
        }
    }

    @Override
    public Optional<Rfm> rfm(String memberId) {
        ProfileBook current = book.get();
        MemberState state = current.state(memberId);
        if (state == null) {
            return Optional.empty();
        }
        synchronized (state) {
            return Optional.ofNullable(current.population().rfm(state));
        }
    }

    @Override
    public Optional<float[]> vector(String memberId) {
        MemberState state = book.get().state(memberId);
        if (state == null) {
            return Optional.empty();
        }
        synchronized (state) {
            return Optional.ofNullable(state.vector(ownWordsShare));
        }
    }

    @Override
    public Predicate<String> rule(String expression) {
        Rule rule = Rule.compile(expression == null ? "" : expression);
        return memberId -> {
            ProfileBook current = book.get();
            MemberState state = current.state(memberId);
            if (state == null) {
                return false;
            }
            synchronized (state) {
                return rule.matches(Rule.Context.of(state, current));
            }
        };
    }
}
