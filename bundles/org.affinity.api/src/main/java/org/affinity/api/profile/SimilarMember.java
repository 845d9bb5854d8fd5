package org.affinity.api.profile;

/**
 * A member close to another in the member-vector space.
 *
 * @param similarity cosine similarity of the two member vectors, in [-1, 1]
 * @since 1.1
 */
public record SimilarMember(String memberId, double similarity) {
}
