package org.affinity.ingest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Affinity ingestion",
        description = "How events, items and members are taken in, from the REST API and from file imports.")
@interface IngestConfig {

    @AttributeDefinition(name = "Consent of members first seen in an event",
            description = "An event about a member the store does not know creates the member with this consent. "
                    + "None (the default): the member is counted, listed, exported and erased like any other, but is "
                    + "neither profiled nor sent marketing until the shop sends their consent (PUT /api/members/{id}), "
                    + "since Affinity cannot know what they agreed to. Give 'profiling' (and channels) only when the shop "
                    + "collects that consent before it sends events. A file import's consent option overrides this for "
                    + "that import.",
            options = {@Option(label = "profiling", value = "profiling"), @Option(label = "marketing email", value = "email"),
                    @Option(label = "marketing SMS", value = "sms"), @Option(label = "marketing push", value = "push")})
    String[] newMemberConsent() default {};
}
