package org.affinity.shell.karaf.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.affinity.api.embedding.EmbeddingModels;
import org.affinity.api.embedding.ModelInfo;
import org.affinity.api.job.JobStatus;
import org.affinity.api.job.Jobs;
import org.affinity.api.recommend.Recommender;
import org.affinity.api.segment.Segment;
import org.affinity.api.segment.Segments;
import org.apache.karaf.shell.api.console.Command;
import org.apache.karaf.shell.api.console.Registry;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the bridged affinity:* commands Tab completion in Karaf's console. Whenever an affinity
 * command service comes or goes, it (re)registers a {@link CompletingCommand} for each command the
 * {@link CompletionTable} knows, after the bridged one, so that Karaf runs and completes through it.
 */
@Component(immediate = true)
public class Completions {

    private static final Logger LOG = LoggerFactory.getLogger(Completions.class);
    static final String SCOPE = "affinity";

    /** A wrapper and the bridged command it was registered after. */
    private record Registered(CompletingCommand wrapper, Command bridged) {
    }

    private final Registry registry;
    private final CompletionTable table;
    private final ServiceTracker<Object, Object> commands;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "affinity-karaf-completion");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Registered> registered = new HashMap<>(); // guarded by this
    private final ConcurrentSkipListSet<String> strategies = new ConcurrentSkipListSet<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile EmbeddingModels models;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Jobs jobs;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Segments segments;

    @Activate
    public Completions(BundleContext context, @Reference SessionFactory sessions) throws InvalidSyntaxException {
        this.registry = sessions.getRegistry();
        this.table = new CompletionTable(new CompletionTable.Sources(this::modelIds, this::jobIds, () -> strategies,
                this::segmentIds));
        // Karaf bridges a command service synchronously as it registers; refresh just after.
        this.commands = new ServiceTracker<>(context, context.createFilter(
                "(&(osgi.command.scope=" + SCOPE + ")(osgi.command.function=*))"), null) {
            @Override
            public Object addingService(ServiceReference<Object> reference) {
                scheduleRefresh();
                return reference;
            }

            @Override
            public void removedService(ServiceReference<Object> reference, Object service) {
                scheduleRefresh();
            }
        };
        commands.open();
        scheduleRefresh();
    }

    @Deactivate
    void deactivate() {
        commands.close();
        refresher.shutdownNow();
        synchronized (this) {
            registered.values().forEach(this::unregister);
            registered.clear();
        }
    }

    @Reference(service = Recommender.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addStrategy(ServiceReference<Recommender> reference) {
        Object name = reference.getProperty(Recommender.STRATEGY);
        if (name != null) {
            strategies.add(name.toString());
        }
    }

    void removeStrategy(ServiceReference<Recommender> reference) {
        Object name = reference.getProperty(Recommender.STRATEGY);
        if (name != null) {
            strategies.remove(name.toString());
        }
    }

    private void scheduleRefresh() {
        if (!refresher.isShutdown()) {
            refresher.schedule(this::refresh, 200, TimeUnit.MILLISECONDS);
        }
    }

    synchronized void refresh() {
        for (String name : CompletionTable.COMMANDS) {
            Command bridged = bridged(name);
            Registered current = registered.get(name);
            if (current != null && current.bridged() == bridged) {
                continue;
            }
            if (current != null) {
                unregister(current);
                registered.remove(name);
            }
            if (bridged != null) {
                CompletingCommand wrapper = new CompletingCommand(SCOPE, name, () -> bridged(name), table);
                registry.register(wrapper);
                registered.put(name, new Registered(wrapper, bridged));
                LOG.debug("Tab completion for {}:{}", SCOPE, name);
            }
        }
    }

    /**
     * Karaf removes a command from its shell by name, so taking the wrapper out would take the
     * bridged command with it: register the bridged one again.
     */
    private void unregister(Registered entry) {
        registry.unregister(entry.wrapper());
        Command bridged = bridged(entry.wrapper().getName());
        if (bridged != null) {
            registry.unregister(bridged);
            registry.register(bridged);
        }
    }

    /** The command Karaf bridged from the Gogo command service, if it is there. */
    private Command bridged(String name) {
        Command found = null;
        for (Command command : registry.getCommands()) {
            if (SCOPE.equals(command.getScope()) && name.equals(command.getName())
                    && !(command instanceof CompletingCommand)) {
                found = command;
            }
        }
        return found;
    }

    private Collection<String> modelIds() {
        EmbeddingModels catalogue = models;
        return catalogue == null ? List.of() : catalogue.available().stream().map(ModelInfo::id).toList();
    }

    private Collection<String> jobIds() {
        Jobs all = jobs;
        return all == null ? List.of() : all.list().stream().map(JobStatus::id).toList();
    }

    private Collection<String> segmentIds() {
        Segments all = segments;
        return all == null ? List.of() : all.list().stream().map(Segment::id).toList();
    }
}
