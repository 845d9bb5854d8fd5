package org.affinity.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.affinity.api.job.Job;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobRunnerTest {

    private final JobRunner runner = new JobRunner(config(1, 3));

    @AfterEach
    void stop() throws InterruptedException {
        runner.deactivate();
    }

    @Test
    void reportsProgressAndResult() throws Exception {
        CountDownLatch halfway = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        Job job = runner.submit("import", "test import", context -> {
            context.total(10, "lines");
            context.advance(5);
            context.message("halfway");
            halfway.countDown();
            resume.await();
            context.advance(5);
            return "report";
        });
        halfway.await();
        JobStatus running = job.status();
        assertEquals(JobState.RUNNING, running.state());
        assertEquals(0.5, running.fraction(), 1e-9);
        assertTrue(running.progressLine().contains("50%"), running.progressLine());
        resume.countDown();

        JobStatus done = job.await(Duration.ofSeconds(10));
        assertEquals(JobState.SUCCEEDED, done.state());
        assertEquals(10, done.done());
        assertEquals("report", done.result());
        assertNull(done.error());
    }

    @Test
    void failureKeepsTheReason() throws Exception {
        Job job = runner.submit("train", "broken", context -> {
            throw new IllegalStateException("no events to train on");
        });
        JobStatus status = job.await(Duration.ofSeconds(10));
        assertEquals(JobState.FAILED, status.state());
        assertEquals("no events to train on", status.error());
    }

    @Test
    void cancelStopsARunningJobAndAQueuedOne() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Job running = runner.submit("reindex", "long", context -> {
            started.countDown();
            while (true) {
                context.checkCancelled();
                Thread.sleep(5);
            }
        });
        Job queued = runner.submit("reindex", "waits for the only worker", context -> "never");
        started.await();
        assertTrue(queued.cancel());
        assertTrue(running.cancel());
        assertEquals(JobState.CANCELLED, running.await(Duration.ofSeconds(10)).state());
        assertEquals(JobState.CANCELLED, queued.await(Duration.ofSeconds(10)).state());
        assertFalse(running.cancel(), "a finished job cannot be cancelled again");
    }

    @Test
    void listsNewestFirstAndForgetsOldFinishedJobs() throws Exception {
        for (int i = 0; i < 5; i++) {
            runner.submit("import", "job " + i, context -> null).await(Duration.ofSeconds(10));
        }
        runner.submit("import", "last", context -> null).await(Duration.ofSeconds(10));
        List<JobStatus> list = runner.list();
        assertTrue(list.size() <= 4, "keeps about 'retained' finished jobs: " + list.size());
        assertEquals("last", list.get(0).title());
        assertTrue(runner.get(list.get(0).id()).isPresent());
    }

    @Test
    void aJobOutrunningTheTimeLimitIsStoppedAndFailsNamingIt() throws Exception {
        JobRunner limited = new JobRunner(config(1, 3, 1));
        try {
            CountDownLatch started = new CountDownLatch(1);
            Job stuck = limited.submit("import", "waits for ever", context -> {
                started.countDown();
                new CountDownLatch(1).await(); // a task that never looks at cancelled(): interrupted
                return null;
            });
            Job looping = limited.submit("train", "loops", context -> {
                while (!context.cancelled()) {
                    Thread.sleep(5);
                }
                return null;
            });
            started.await();
            limited.stopOverrunning();
            assertEquals(JobState.RUNNING, stuck.status().state(), "within its minute");
            assertTrue(stuck.status().started() != null);
            // a minute later, as the watchdog would see it
            java.time.Instant later = java.time.Instant.now().plus(Duration.ofSeconds(61));
            assertTrue(((RunningJob) stuck).stopIfOverran(Duration.ofMinutes(1), later));
            JobStatus failed = stuck.await(Duration.ofSeconds(10));
            assertEquals(JobState.FAILED, failed.state());
            assertTrue(failed.error().contains("time limit of 1 min") && failed.error().contains("max.duration.minutes"),
                    failed.error());
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (looping.status().state() != JobState.RUNNING && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertEquals(JobState.RUNNING, looping.status().state(), "the next job runs on the freed worker");
            assertTrue(((RunningJob) looping).stopIfOverran(Duration.ofMinutes(1), java.time.Instant.now().plus(Duration.ofMinutes(2))));
            assertEquals(JobState.FAILED, looping.await(Duration.ofSeconds(10)).state());
        } finally {
            limited.deactivate();
        }
    }

    static JobsConfig config(int workers, int retained) {
        return config(workers, retained, 0);
    }

    static JobsConfig config(int workers, int retained, int limitMinutes) {
        return new JobsConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return JobsConfig.class;
            }

            @Override
            public int workers() {
                return workers;
            }

            @Override
            public int retained() {
                return retained;
            }

            @Override
            public int max_duration_minutes() {
                return limitMinutes;
            }
        };
    }
}
