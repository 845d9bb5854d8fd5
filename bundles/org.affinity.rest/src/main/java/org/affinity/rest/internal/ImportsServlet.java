package org.affinity.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.ingest.ImportRequest;
import org.affinity.api.ingest.Importer;
import org.affinity.api.job.Job;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * POST /api/imports: the body is the file (CSV or NDJSON, plain or gzip), the query says how to read
 * it: {@code preset}, {@code map} (target=Column,...), and options ({@code kind}, {@code format},
 * {@code delimiter}, {@code zone}, {@code consent}, ...). The upload is kept under the data folder
 * and imported as a job: 202 with the job, watch it at /api/jobs/{id}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-imports")
@HttpWhiteboardServletPattern("/api/imports")
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class ImportsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private static final Set<String> NOT_OPTIONS = Set.of("preset", "map");

    private final transient Path uploads;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Importer importer;

    @Activate
    public ImportsServlet(BundleContext context) {
        String data = context.getProperty("affinity.data");
        uploads = Path.of(data == null || data.isBlank() ? "var" : data, "imports");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Importer current = require(importer, "import");
        Files.createDirectories(uploads);
        Path file = Files.createTempFile(uploads, "upload-", suffix(request));
        long size;
        try (InputStream in = request.getInputStream()) {
            size = Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        if (size == 0) {
            Files.delete(file);
            throw ApiException.badRequest("the body is empty: send the file's content");
        }
        Map<String, String> options = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (!NOT_OPTIONS.contains(name)) {
                options.put(name, values[0]);
            }
        });
        Job job;
        try {
            job = current.start(new ImportRequest(file, request.getParameter("preset"),
                    ImportRequest.mapping(request.getParameter("map")), options));
        } catch (IllegalArgumentException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        response.setHeader("Location", "/api/jobs/" + job.id());
        send(response, 202, job.status());
    }

    /** .csv or .ndjson from the content type, so the import can tell them apart by name too. */
    private static String suffix(HttpServletRequest request) {
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase();
        if (type.contains("ndjson") || type.contains("jsonl") || type.contains("json")) {
            return ".ndjson";
        }
        if (type.contains("csv")) {
            return ".csv";
        }
        return ".upload";
    }
}
