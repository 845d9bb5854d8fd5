package org.affinity.shell.internal;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** affinity:status - what runs, for how long, and whether every Affinity bundle is active. */
@Component(service = StatusCommand.class, property = {
        "osgi.command.scope=affinity",
        "osgi.command.function=status"})
public class StatusCommand {

    private final BundleContext context;

    @Activate
    public StatusCommand(BundleContext context) {
        this.context = context;
    }

    @Descriptor("show the platform's version, uptime and the state of every Affinity bundle")
    public void status() {
        PrintStream out = System.out;
        Duration uptime = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()).withNanos(0);
        out.printf("Affinity %s on Java %s, up %s%n", context.getBundle().getVersion(), Runtime.version(),
                uptime.toString().substring(2).toLowerCase());
        int active = 0;
        int total = 0;
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name == null || !name.startsWith("org.affinity.")) {
                continue;
            }
            total++;
            if (bundle.getState() == Bundle.ACTIVE) {
                active++;
            }
            out.printf("  %-40s %-10s %s%n", name, bundle.getVersion(), Bundles.stateName(bundle.getState()));
        }
        out.printf("%d of %d Affinity bundles active%n", active, total);
    }
}
