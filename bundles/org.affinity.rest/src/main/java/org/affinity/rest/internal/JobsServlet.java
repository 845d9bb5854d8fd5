package org.affinity.rest.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.job.Job;
import org.affinity.api.job.JobStatus;
import org.affinity.api.job.Jobs;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Jobs: GET /api/jobs (list), GET /api/jobs/{id} (status), DELETE /api/jobs/{id} (cancel),
 * GET /api/jobs/{id}/events (progress as server-sent events until the job ends).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-jobs")
@HttpWhiteboardServletPattern({"/api/jobs", "/api/jobs/*"})
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class JobsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(500);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Jobs jobs;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Jobs running = jobs();
        List<String> path = segments(request);
        if (path.isEmpty()) {
            send(response, 200, Map.of("jobs", running.list()));
        } else if (path.size() == 1) {
            send(response, 200, job(running, path.get(0)).status());
        } else if (path.size() == 2 && path.get(1).equals("events")) {
            stream(job(running, path.get(0)), response);
        } else {
            throw ApiException.notFound("no such resource: " + request.getRequestURI());
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.size() != 1) {
            throw ApiException.notFound("no such resource: " + request.getRequestURI());
        }
        Job job = job(jobs(), path.get(0));
        boolean cancelled = job.cancel();
        send(response, cancelled ? 202 : 409, Map.of("cancelled", cancelled, "job", job.status()));
    }

    /** Server-sent events: one "progress" event per interval, then "end" with the final status. */
    private void stream(Job job, HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        PrintWriter out = response.getWriter();
        try {
            while (true) {
                JobStatus status = job.await(WATCH_INTERVAL);
                boolean end = status.state().finished();
                out.write("event: " + (end ? "end" : "progress") + "\n");
                out.write("data: " + Json.MAPPER.writeValueAsString(status) + "\n\n");
                out.flush();
                if (end || out.checkError()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Jobs jobs() {
        Jobs current = jobs;
        if (current == null) {
            throw ApiException.unavailable("the job service");
        }
        return current;
    }

    private static Job job(Jobs jobs, String id) {
        return jobs.get(id).orElseThrow(() -> ApiException.notFound("no job '" + id + "'"));
    }
}
