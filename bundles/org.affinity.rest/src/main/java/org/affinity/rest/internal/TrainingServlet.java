package org.affinity.rest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.job.Job;
import org.affinity.api.training.ModelStatus;
import org.affinity.api.training.Trainable;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Models of learning strategies: GET /api/training (every model's status), GET /api/training/{strategy},
 * POST /api/training/{strategy} starts training as a job (202 with the job; GET /api/jobs/{id} follows it).
 * POST /api/strategies/cf/train is the same for cf (an exact path, so it wins over a servlet for /api/strategies/*).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-training")
@HttpWhiteboardServletPattern({"/api/training", "/api/training/*", "/api/strategies/cf/train"})
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class TrainingServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    private final Map<String, Trainable> trainables = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTrainable(Trainable trainable, Map<String, Object> properties) {
        trainables.put(String.valueOf(properties.get("strategy")), trainable);
    }

    void removeTrainable(Trainable trainable, Map<String, Object> properties) {
        trainables.remove(String.valueOf(properties.get("strategy")), trainable);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String strategy = strategy(request);
        if (strategy == null) {
            List<ModelStatus> all = new ArrayList<>();
            trainables.values().forEach(t -> all.add(t.status()));
            send(response, 200, Map.of("models", all));
        } else {
            send(response, 200, trainable(strategy).status());
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String strategy = strategy(request);
        if (strategy == null) {
            throw ApiException.notFound("POST /api/training/{strategy}");
        }
        Job job = trainable(strategy).train("asked over HTTP");
        send(response, 202, job.status());
    }

    /** The strategy named by the path, or null for the collection. */
    private static String strategy(HttpServletRequest request) {
        if (request.getServletPath().startsWith("/api/strategies/")) {
            return "cf";
        }
        List<String> path = segments(request);
        if (path.size() > 1) {
            throw ApiException.notFound("no such resource: " + request.getRequestURI());
        }
        return path.isEmpty() ? null : path.get(0);
    }

    private Trainable trainable(String strategy) {
        Trainable trainable = trainables.get(strategy);
        if (trainable == null) {
            throw ApiException.notFound("no strategy '" + strategy + "' with a model; present: " + List.copyOf(trainables.keySet()));
        }
        return trainable;
    }
}
