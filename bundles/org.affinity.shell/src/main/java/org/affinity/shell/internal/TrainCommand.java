package org.affinity.shell.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.affinity.api.job.Job;
import org.affinity.api.training.ModelStatus;
import org.affinity.api.training.Trainable;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** affinity:train - train a strategy's model now, or list the models in use. */
@Component(service = TrainCommand.class, property = {
        "osgi.command.scope=affinity",
        "osgi.command.function=train"})
public class TrainCommand {

    private final Map<String, Trainable> trainables = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTrainable(Trainable trainable, Map<String, Object> properties) {
        trainables.put(String.valueOf(properties.get("strategy")), trainable);
    }

    void removeTrainable(Trainable trainable, Map<String, Object> properties) {
        trainables.remove(String.valueOf(properties.get("strategy")), trainable);
    }

    @Descriptor("list the trained models of the strategies that learn (cf, ...)")
    public void train() {
        PrintStream out = System.out;
        if (trainables.isEmpty()) {
            out.println("no strategy with a model is installed");
        }
        trainables.values().forEach(t -> out.println(line(t.status())));
    }

    @Descriptor("train a strategy's model now as a job and watch it; the previous model serves meanwhile")
    public void train(
            @Descriptor("start the job and return without watching it")
            @Parameter(names = {"-b", "--background"}, presentValue = "true", absentValue = "false") boolean background,
            @Descriptor("the strategy, e.g. cf") String strategy) throws InterruptedException {
        Trainable trainable = trainables.get(strategy);
        if (trainable == null) {
            throw new IllegalArgumentException("no strategy '" + strategy + "' with a model; present: " + List.copyOf(trainables.keySet()));
        }
        Job job = trainable.train("asked on the console");
        if (background) {
            System.out.println("started " + job.id() + ": watch it with affinity:jobs watch " + job.id());
            return;
        }
        JobsCommand.watch(job, System.out, false);
        System.out.println(line(trainable.status()));
    }

    static String line(ModelStatus status) {
        if (status.modelId() == null) {
            return status.strategy() + ": no model yet" + (status.trainingJob() == null ? "" : ", training as " + status.trainingJob());
        }
        Map<String, Object> details = new java.util.LinkedHashMap<>(status.details());
        Object search = details.remove("search");
        return String.format("%s: model %s trained %s on %,d events (%,d members, %,d items), %,d new events since%s %s",
                status.strategy(), status.modelId(), status.trainedAt(), status.events(), status.members(), status.items(),
                status.eventsSince(), status.trainingJob() == null ? "" : ", training as " + status.trainingJob(),
                details) + (search instanceof Map<?, ?> report ? searchLines(report) : "");
    }

    /** A model search's report (cf): how it validated, what it chose, the runner-up, then one line per trial. */
    static String searchLines(Map<?, ?> search) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%n  model search: %s; %s in %s s", search.get("validation"), search.get("stopped"), search.get("seconds")));
        if (search.get("chosen") instanceof Map<?, ?> chosen) {
            text.append(String.format("%n  chosen:    %s", trial(chosen)));
        }
        if (search.get("runnerUp") instanceof Map<?, ?> runnerUp) {
            text.append(String.format("%n  runner-up: %s", trial(runnerUp)));
        }
        if (search.get("trials") instanceof List<?> trials) {
            for (Object trial : trials) {
                if (trial instanceof Map<?, ?> one) {
                    text.append(String.format("%n    %s", trial(one)));
                }
            }
        }
        return text.toString();
    }

    private static String trial(Map<?, ?> trial) {
        return String.format("trial %s: %s %s: ndcg@10 %s (%s s)", trial.get("trial"), trial.get("family"), trial.get("parameters"),
                trial.get("ndcg10"), trial.get("seconds"));
    }
}
