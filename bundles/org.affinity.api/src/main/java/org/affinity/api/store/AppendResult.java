package org.affinity.api.store;

/** What {@link Store#append} did: how many events were new and how many were already stored. */
public record AppendResult(int appended, int duplicates) {

    public AppendResult plus(AppendResult other) {
        return new AppendResult(appended + other.appended, duplicates + other.duplicates);
    }
}
