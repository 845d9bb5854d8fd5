package org.affinity.store.h2.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Affinity store backend: H2", description = "The embedded H2 database file.")
@interface H2Config {

    @AttributeDefinition(name = "Database file", description = "Path of the database without the .mv.db "
            + "suffix; empty means <data folder>/store/affinity.")
    String path() default "";

    @AttributeDefinition(name = "Pool size", description = "Connections kept open.", min = "1", max = "64")
    int poolSize() default 8;

    @AttributeDefinition(name = "Cache (MiB)", description = "H2 page cache.", min = "8")
    int cacheMegabytes() default 64;
}
