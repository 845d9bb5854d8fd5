package org.affinity.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Affinity API access",
        description = "Who may call the HTTP API: every route needs an API key with the role the OpenAPI document "
                + "declares for it, except the public ones; how fast a key may call; where member data access is "
                + "audited.")
@interface GateConfig {

    @AttributeDefinition(name = "Open on localhost", description = "Development only: requests from this machine "
            + "(loopback addresses) need no key and act as admin. Off in production.")
    boolean open_localhost() default false;

    @AttributeDefinition(name = "Public operations", description = "operationIds answered without a key. getHealth "
            + "(status only) is always public.")
    String[] public_operations() default {};

    @AttributeDefinition(name = "Requests per second per key", description = "Average rate a key may call at "
            + "(token bucket); 0 disables the limit.", min = "0")
    double rate_per_second() default 500;

    @AttributeDefinition(name = "Burst per key", description = "Requests a key may send at once above its rate.",
            min = "1")
    int rate_burst() default 1000;

    @AttributeDefinition(name = "Audit member data access", description = "Record who read, changed or erased "
            + "which member, when, in audit/member-access.log in the data folder.")
    boolean audit() default true;
}
