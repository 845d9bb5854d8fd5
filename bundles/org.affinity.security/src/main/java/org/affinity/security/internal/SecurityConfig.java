package org.affinity.security.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Affinity API keys",
        description = "Where API keys are kept and whether a first admin key is made when there is none.")
@interface SecurityConfig {

    @AttributeDefinition(name = "First admin key", description = "When no key exists, create an admin key and "
            + "write it to security/admin.key in the data folder (readable by its owner only), so the API is never "
            + "open on a first start.")
    boolean first_admin_key() default true;
}
