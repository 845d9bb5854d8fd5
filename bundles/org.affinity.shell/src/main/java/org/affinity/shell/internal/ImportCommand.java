package org.affinity.shell.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.affinity.api.ingest.ImportReport;
import org.affinity.api.ingest.ImportRequest;
import org.affinity.api.ingest.Importer;
import org.affinity.api.ingest.Rejection;
import org.affinity.api.job.Job;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** affinity:import - load a CSV or NDJSON file (plain or gzip) through a preset or a column mapping. */
@Component(service = ImportCommand.class, property = {
        "osgi.command.scope=affinity",
        "osgi.command.function=import"})
public class ImportCommand {

    private static final int REJECTIONS_SHOWN = 20;

    private final Importer importer;

    @Activate
    public ImportCommand(@Reference Importer importer) {
        this.importer = importer;
    }

    @Descriptor("import a CSV or NDJSON file (plain or gzip) as a job and watch its progress; "
            + "e.g. affinity:import --preset online-retail data.csv.gz, or "
            + "affinity:import --map member=CustomerID,item=StockCode,time=InvoiceDate,type='purchase' orders.csv")
    public void _import(
            @Descriptor("built-in mapping: online-retail, luma-products, luma-reviews")
            @Parameter(names = {"-p", "--preset"}, absentValue = "") String preset,
            @Descriptor("column mapping target=Column,...; targets: id, type, member, item, quantity, price, text, time, "
                    + "attributes.<name>, item.title, item.price, member.<attribute> (events); literals in quotes")
            @Parameter(names = {"-m", "--map"}, absentValue = "") String map,
            @Descriptor("options key=value,...: kind (events|items|members), format (csv|ndjson), delimiter, zone, "
                    + "consent (none|all), currency, time")
            @Parameter(names = {"-o", "--options"}, absentValue = "") String options,
            @Descriptor("start the job and return without watching it")
            @Parameter(names = {"-b", "--background"}, presentValue = "true", absentValue = "false") boolean background,
            @Descriptor("the file to import") String file) throws InterruptedException {
        Map<String, String> optionMap = new LinkedHashMap<>(ImportRequest.mapping(options));
        Job job = importer.start(new ImportRequest(Path.of(file).toAbsolutePath(), preset.isBlank() ? null : preset,
                ImportRequest.mapping(map), optionMap));
        PrintStream out = System.out;
        if (background) {
            out.println("started " + job.id() + ": watch it with affinity:jobs watch " + job.id());
            return;
        }
        JobStatus status = JobsCommand.watch(job, out, false);
        if (status.state() == JobState.SUCCEEDED && status.result() instanceof ImportReport) {
            print((ImportReport) status.result(), out);
        }
    }

    static void print(ImportReport report, PrintStream out) {
        out.printf("read %,d rows: %,d imported, %,d duplicates, %,d skipped, %,d rejected%n", report.read(),
                report.imported(), report.duplicates(), report.skipped(), report.rejected());
        report.notes().forEach(note -> out.println("  " + note));
        int shown = 0;
        for (Rejection rejection : report.rejections()) {
            if (shown++ == REJECTIONS_SHOWN) {
                out.printf("  ... %,d more rejections (GET /api/jobs/<id> lists them)%n", report.rejected() - REJECTIONS_SHOWN);
                break;
            }
            out.println("  rejected " + rejection);
        }
    }
}
