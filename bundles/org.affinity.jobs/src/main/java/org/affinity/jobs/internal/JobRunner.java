package org.affinity.jobs.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.affinity.api.job.Job;
import org.affinity.api.job.JobStatus;
import org.affinity.api.job.JobTask;
import org.affinity.api.job.Jobs;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place every bundle runs its long jobs, so every UI can watch them. */
@Component(service = Jobs.class, configurationPid = "org.affinity.jobs")
@Designate(ocd = JobsConfig.class)
public class JobRunner implements Jobs {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final Map<String, RunningJob> jobs = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private ExecutorService workers;
    private int retained;
    private final java.time.Duration limit;
    /** Looks for jobs that outran the time limit (none when the limit is 0). */
    private final java.util.concurrent.ScheduledExecutorService watchdog;
    /** Made when a registry first binds, so that the Prometheus classes load only where a registry exists. */
    private volatile JobMetrics metrics;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindRegistry(io.prometheus.metrics.model.registry.PrometheusRegistry registry) {
        if (metrics == null) {
            metrics = new JobMetrics();
        }
        metrics.bind(registry);
    }

    synchronized void unbindRegistry(io.prometheus.metrics.model.registry.PrometheusRegistry registry) {
        if (metrics != null) {
            metrics.unbind(registry);
        }
    }

    private void ended(org.affinity.api.job.JobStatus status) {
        JobMetrics current = metrics;
        if (current != null) {
            current.ended(status);
        }
    }

    @Activate
    public JobRunner(JobsConfig config) {
        retained = config.retained();
        limit = java.time.Duration.ofMinutes(config.max_duration_minutes());
        watchdog = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "affinity-job-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        if (!limit.isZero()) {
            long every = Math.max(1, Math.min(30, limit.toSeconds() / 10));
            watchdog.scheduleWithFixedDelay(this::stopOverrunning, every, every, TimeUnit.SECONDS);
        }
        AtomicInteger threads = new AtomicInteger();
        workers = new ThreadPoolExecutor(config.workers(), config.workers(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "affinity-job-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        watchdog.shutdownNow();
        jobs.values().forEach(RunningJob::cancel);
        workers.shutdownNow();
        if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("jobs still running 10 s after stop was asked");
        }
    }

    @Override
    public Job submit(String kind, String title, JobTask task) {
        String id = kind + "-" + sequence.incrementAndGet();
        RunningJob job = new RunningJob(id, kind, title, task, this::ended);
        jobs.put(id, job);
        job.future(workers.submit(job));
        forgetOldJobs();
        return job;
    }

    @Override
    public List<JobStatus> list() {
        List<JobStatus> all = new ArrayList<>();
        jobs.values().forEach(job -> all.add(job.status()));
        all.sort(Comparator.comparingLong((JobStatus s) -> number(s.id())).reversed());
        return all;
    }

    @Override
    public Optional<Job> get(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Stops every job running longer than the time limit (package-private: tests call it). */
    void stopOverrunning() {
        java.time.Instant now = java.time.Instant.now();
        jobs.values().forEach(job -> job.stopIfOverran(limit, now));
    }

    private void forgetOldJobs() {
        List<RunningJob> finished = new ArrayList<>();
        jobs.values().stream().filter(RunningJob::finished).forEach(finished::add);
        if (finished.size() <= retained) {
            return;
        }
        finished.sort(Comparator.comparingLong(job -> number(job.id())));
        finished.subList(0, finished.size() - retained).forEach(job -> jobs.remove(job.id()));
    }

    private static long number(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }
}
