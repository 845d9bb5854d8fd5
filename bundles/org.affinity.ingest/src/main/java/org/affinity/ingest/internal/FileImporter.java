package org.affinity.ingest.internal;

import java.io.IOException;

import org.affinity.api.ingest.ImportRequest;
import org.affinity.api.ingest.Importer;
import org.affinity.api.job.Job;
import org.affinity.api.job.Jobs;
import org.affinity.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** File imports as jobs. The request is checked before the job starts, so mistakes surface at once. */
@Component(service = Importer.class)
public class FileImporter implements Importer {

    private final Store store;
    private final Jobs jobs;

    @Activate
    public FileImporter(@Reference Store store, @Reference Jobs jobs) {
        this.store = store;
        this.jobs = jobs;
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
        return jobs.submit("import", title, new ImportRun(plan, store));
    }
}
