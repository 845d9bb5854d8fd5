package org.affinity.runtime.internal;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the framework when the JVM is asked to exit (SIGTERM, Ctrl-C), so every bundle deactivates
 * and flushes its data. bnd's launcher does not do this itself: without it a SIGTERM would end the
 * JVM with the framework still running.
 */
@Component
public class CleanStop {

    private static final Logger LOG = LoggerFactory.getLogger(CleanStop.class);
    private static final long STOP_TIMEOUT_SECONDS = 60;

    private final Thread hook;
    private final AtomicBoolean startReported = new AtomicBoolean();

    @Activate
    public CleanStop(BundleContext context) {
        Framework framework = (Framework) context.getBundle(0);
        hook = new Thread(() -> stop(framework), "affinity-clean-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        context.addFrameworkListener(event -> reportStarted(context, framework, event));
    }

    /** Logs once that start-up is complete: when the framework reaches its beginning start level. */
    private void reportStarted(BundleContext context, Framework framework, FrameworkEvent event) {
        if (event.getType() != FrameworkEvent.STARTED && event.getType() != FrameworkEvent.STARTLEVEL_CHANGED) {
            return;
        }
        String beginning = context.getProperty(Constants.FRAMEWORK_BEGINNING_STARTLEVEL);
        int level = framework.adapt(FrameworkStartLevel.class).getStartLevel();
        if ((beginning == null || level >= Integer.parseInt(beginning.trim())) && !startReported.getAndSet(true)) {
            LOG.info("Affinity {} started on Java {} in {} ms: data in {}, HTTP port {}",
                    context.getBundle().getVersion(), Runtime.version(),
                    ManagementFactory.getRuntimeMXBean().getUptime(), context.getProperty("affinity.data"),
                    context.getProperty("org.osgi.service.http.port"));
        }
    }

    @Deactivate
    void deactivate() {
        if (Thread.currentThread() == hook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: our hook is running and stopping the framework.
        }
    }

    private static void stop(Framework framework) {
        if (framework.getState() != Bundle.ACTIVE && framework.getState() != Bundle.STARTING) {
            return;
        }
        LOG.info("JVM exit requested: stopping the framework");
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                System.err.println("Affinity did not stop within " + STOP_TIMEOUT_SECONDS + " s; exiting anyway");
            }
        } catch (BundleException e) {
            System.err.println("Affinity could not stop cleanly: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
