package org.affinity.demo.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Affinity demo store", description = "Imports the Online Retail demo shop on a first start.")
@interface DemoConfig {

    @AttributeDefinition(name = "Enabled", description = "Import the demo data when the store is empty.")
    boolean enabled() default true;
}
