package org.affinity.chat.knowledge.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices articles edited, added or removed by hand in the folder and has them read again, so a
 * shop's editor is all it takes to change an answer. Events are gathered for a moment first: an
 * editor saving a file makes several, and a copied folder makes many.
 */
final class FolderWatch implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(FolderWatch.class);
    private static final long SETTLE_MILLIS = 300;

    private final WatchService watcher;
    private final Thread thread;

    FolderWatch(Path dir, Runnable changed) throws IOException {
        Files.createDirectories(dir);
        watcher = dir.getFileSystem().newWatchService();
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY);
        thread = new Thread(() -> run(changed), "affinity-knowledge-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Runnable changed) {
        try {
            while (true) {
                WatchKey key = watcher.take();
                key.pollEvents();
                key.reset();
                // Let a burst of events settle, then read the folder once.
                for (WatchKey more = watcher.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS); more != null;
                        more = watcher.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) {
                    more.pollEvents();
                    more.reset();
                }
                try {
                    changed.run();
                } catch (RuntimeException e) {
                    LOG.warn("could not read the changed articles folder again", e);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the folder watch", e);
        }
        thread.interrupt();
    }
}
