package org.affinity.store.postgresql.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Affinity store backend: PostgreSQL",
        description = "Connection to the PostgreSQL database that holds the store.")
@interface PostgresConfig {

    @AttributeDefinition(name = "JDBC URL", description = "e.g. jdbc:postgresql://db.example:5432/affinity")
    String url();

    @AttributeDefinition(name = "User")
    String user() default "affinity";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(name = "Pool size", description = "Connections kept open.", min = "1", max = "200")
    int poolSize() default 10;
}
