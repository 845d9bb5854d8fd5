package org.affinity.reco.cf.internal;

import org.affinity.api.event.EventType;

/**
 * How much an event says a member likes an item. Purchases count most; returns take a purchase
 * back; views and carts are weaker hints. Other events carry no item preference.
 */
final class Feedback {

    private Feedback() {
    }

    static float weight(EventType type) {
        switch (type) {
            case PURCHASE:
                return 1f;
            case REVIEW:
                return 0.5f;
            case CART:
                return 0.3f;
            case VIEW:
                return 0.1f;
            case RETURN:
                return -1f;
            default:
                return 0f;
        }
    }
}
