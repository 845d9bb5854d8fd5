package org.affinity.store.jdbc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Affinity store", description = "The system of record: members, items, events. "
        + "The database comes from the installed store backend (org.affinity.store.h2 or org.affinity.store.postgresql).")
@interface StoreConfig {

    @AttributeDefinition(name = "Listener backlog", description = "Changes a store listener may fall behind "
            + "before writers wait for it.", min = "1")
    int listenerBacklog() default 256;

    @AttributeDefinition(name = "Erase timeout (s)", description = "How long erasing a member waits for every "
            + "bundle to drop what it derived before answering (a timeout is logged).", min = "1")
    int eraseTimeoutSeconds() default 30;

    @AttributeDefinition(name = "Cached items", description = "Item rows kept in memory (least recently used out; "
            + "every recommendation reads its candidates' rows). 0 reads every row from the database.", min = "0")
    int cachedItems() default JdbcStore.DEFAULT_CACHED_ITEMS;

    @AttributeDefinition(name = "Cached history events", description = "Events of member histories kept in memory, "
            + "whole histories, least recently used out (every recommendation reads the member's history). 0: none.",
            min = "0")
    int cachedHistoryEvents() default JdbcStore.DEFAULT_CACHED_HISTORY_EVENTS;

    @AttributeDefinition(name = "DataSource filter", description = "Which store backend's DataSource to use "
            + "(by default the best ranked one).")
    String dataSource_target() default "(affinity.store.dialect=*)";
}
