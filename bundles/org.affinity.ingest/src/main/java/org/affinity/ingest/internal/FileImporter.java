package org.affinity.ingest.internal;

import java.io.IOException;

import org.affinity.api.ingest.ImportRequest;
import org.affinity.api.ingest.Importer;
import org.affinity.api.job.Job;
import org.affinity.api.job.Jobs;
import org.affinity.api.member.Consent;
import org.affinity.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * File imports as jobs. The request is checked before the job starts, so mistakes surface at once.
 * Shares the ingestion configuration (its metatype is designated by {@link RecordIngestion}).
 */
@Component(service = Importer.class, configurationPid = RecordIngestion.PID)
public class FileImporter implements Importer {

    private final Store store;
    private final Jobs jobs;
    private volatile Consent newMembers;

    @Activate
    public FileImporter(@Reference Store store, @Reference Jobs jobs, IngestConfig config) {
        this.store = store;
        this.jobs = jobs;
        this.newMembers = FirstSight.consent(config.newMemberConsent());
    }

    @Modified
    void modified(IngestConfig config) {
        newMembers = FirstSight.consent(config.newMemberConsent());
    }

    @Override
    public Job start(ImportRequest request) {
        ImportPlan plan;
        try {
            plan = new ImportPlan(request);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + request.source() + ": " + e.getMessage(), e);
        }
        String title = "import " + request.source().getFileName() + " (" + plan.preset.name() + ")";
        return jobs.submit("import", title, new ImportRun(plan, store, newMembers));
    }
}
