package org.affinity.chat.intent.internal;

import java.lang.reflect.Proxy;

import org.affinity.api.job.Jobs;
import org.affinity.jobs.internal.JobRunner;

/** The platform's Jobs service outside OSGi, with its configuration's defaults (two workers). */
final class TestJobs {

    private TestJobs() {
    }

    static Jobs create() {
        try {
            Class<?> config = Class.forName("org.affinity.jobs.internal.JobsConfig");
            Object defaults = Proxy.newProxyInstance(config.getClassLoader(), new Class<?>[] {config},
                    (proxy, method, args) -> method.getName().equals("annotationType") ? config : method.getDefaultValue());
            return (Jobs) JobRunner.class.getConstructors()[0].newInstance(defaults);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make the jobs service", e);
        }
    }
}
