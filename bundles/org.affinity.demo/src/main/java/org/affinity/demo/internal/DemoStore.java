package org.affinity.demo.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.affinity.api.ingest.ImportRequest;
import org.affinity.api.ingest.Importer;
import org.affinity.api.job.Job;
import org.affinity.api.store.Store;
import org.affinity.api.store.StoreCounts;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a start with an empty store, imports the Online Retail file shipped in this bundle as a job
 * (watch it with affinity:jobs or GET /api/jobs). Demo members get full consent, so that campaigns
 * can be tried; real imports default to no consent.
 */
@Component(configurationPid = "org.affinity.demo")
@Designate(ocd = DemoConfig.class)
public class DemoStore {

    private static final Logger LOG = LoggerFactory.getLogger(DemoStore.class);
    static final String ENTRY = "data/online-retail.csv.gz";

    private volatile Job job;

    @Activate
    public DemoStore(BundleContext context, DemoConfig config, @Reference Store store, @Reference Importer importer)
            throws IOException {
        if (!config.enabled() || "false".equalsIgnoreCase(context.getProperty("affinity.demo"))) {
            LOG.info("demo store disabled");
            return;
        }
        StoreCounts counts = store.counts();
        if (counts.members() > 0 || counts.items() > 0 || counts.events() > 0) {
            return;
        }
        Path file = extract(context);
        job = importer.start(new ImportRequest(file, "online-retail", Map.of(), Map.of("consent", "all")));
        LOG.info("empty store: importing the Online Retail demo shop as job {}", job.id());
    }

    /**
     * A configuration change keeps this instance: Karaf writes a feature's &lt;config&gt; to etc/ and
     * File Install then updates it once more, and a reactivation would start a second import while
     * the first still runs. Takes effect at the next start.
     */
    @Modified
    void modified(DemoConfig config) {
        LOG.debug("demo configuration changed (enabled={}); applies at the next start", config.enabled());
    }

    /** The import job started at activation, or null. */
    Job job() {
        return job;
    }

    private static Path extract(BundleContext context) throws IOException {
        URL entry = context.getBundle().getEntry(ENTRY);
        if (entry == null) {
            throw new IOException(ENTRY + " is missing from the demo bundle");
        }
        String data = context.getProperty("affinity.data");
        Path target = Path.of(data == null || data.isBlank() ? "var" : data, "demo", "online-retail.csv.gz");
        Files.createDirectories(target.getParent());
        try (InputStream in = entry.openStream()) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
