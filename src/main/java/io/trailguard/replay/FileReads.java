package io.trailguard.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

import io.trailguard.event.EventFileReader;
import io.trailguard.event.EventReader;
import io.trailguard.event.SourcedEvent;

/**
 * Reads the files of a replay on {@code jobs} threads and hands their items to one consumer in the order a
 * single thread would: file by file, each in its own order. So the decisions, thresholds included, and the
 * output are the same whatever the number of threads. A reader runs ahead of the consumer by at most
 * {@link #AHEAD} batches, so memory stays flat whatever the size of the input.
 */
final class FileReads {

    static final int BATCH = 256;
    static final int AHEAD = 4;

    /** One item read, with what was worked out for it on the reader's thread, and the bytes of its file read so far. */
    record Item<T>(SourcedEvent event, T prepared, long bytesRead) {
    }

    /** What the consumer is told of one file: its items, then its end, with why it could not be read to it (else null). */
    interface Consumer<T> {
        void item(Item<T> item);

        void end(Path file, String unreadable, long bytesRead);
    }

    private final EventReader reader;
    private final int jobs;

    FileReads(EventReader reader, int jobs) {
        this.reader = reader;
        this.jobs = jobs;
    }

    /**
     * Reads every file, {@code prepare} run on the reading thread for each item (the thread-safe part of
     * deciding), and hands each file in turn to {@code onFile} then its items to {@code consumer}, on the caller's thread.
     */
    <T> void read(List<Path> files, Function<SourcedEvent, T> prepare, java.util.function.Consumer<Path> onFile, Consumer<T> consumer) {
        if (jobs <= 1 || files.size() <= 1) {
            for (Path file : files) {
                onFile.accept(file);
                readFile(file, prepare, consumer);
            }
            return;
        }
        List<BlockingQueue<List<Object>>> queues = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            queues.add(new ArrayBlockingQueue<>(AHEAD));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, files.size()), daemons());
        try {
            // a fixed pool starts files in order, so the one the consumer waits for is always being read
            for (int i = 0; i < files.size(); i++) {
                BlockingQueue<List<Object>> queue = queues.get(i);
                Path file = files.get(i);
                pool.execute(() -> readInBatches(file, prepare, queue));
            }
            for (int i = 0; i < files.size(); i++) {
                onFile.accept(files.get(i));
                if (!drain(files.get(i), queues.get(i), consumer)) {
                    return;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private <T> void readFile(Path file, Function<SourcedEvent, T> prepare, Consumer<T> consumer) {
        CountingInputStream counted;
        try {
            counted = new CountingInputStream(Files.newInputStream(file));
        } catch (IOException e) {
            consumer.end(file, "unreadable: " + e.getMessage(), 0);
            return;
        }
        String unreadable = null;
        try (InputStream in = counted; EventFileReader events = new EventFileReader(reader, in, file.toString())) {
            while (events.hasNext()) {
                SourcedEvent event = events.next();
                consumer.item(new Item<>(event, prepare.apply(event), counted.count()));
            }
        } catch (IOException e) {
            unreadable = "unreadable: " + e.getMessage();
        }
        consumer.end(file, unreadable, counted.count());
    }

    /** The end of a file's batches, with why it was not read to the end (null when it was) and its size read. */
    private record End(String unreadable, long bytesRead) {
    }

    private <T> void readInBatches(Path file, Function<SourcedEvent, T> prepare, BlockingQueue<List<Object>> queue) {
        List<Object> batch = new ArrayList<>(BATCH);
        try {
            readFile(file, prepare, new Consumer<T>() {
                @Override
                public void item(Item<T> item) {
                    batch.add(item);
                    if (batch.size() == BATCH) {
                        put(queue, new ArrayList<>(batch));
                        batch.clear();
                    }
                }

                @Override
                public void end(Path f, String unreadable, long bytesRead) {
                    batch.add(new End(unreadable, bytesRead));
                }
            });
        } catch (RuntimeException e) {
            // a bug of ours must not leave the consumer waiting for ever
            batch.add(new End("could not be read: " + e, 0));
        }
        put(queue, batch);
    }

    /** Hands one file's items over; false when the waiting was interrupted. */
    @SuppressWarnings("unchecked")
    private static <T> boolean drain(Path file, BlockingQueue<List<Object>> queue, Consumer<T> consumer) {
        try {
            while (true) {
                for (Object entry : queue.take()) {
                    if (entry instanceof End end) {
                        consumer.end(file, end.unreadable(), end.bytesRead());
                        return true;
                    } else {
                        consumer.item((Item<T>) entry);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void put(BlockingQueue<List<Object>> queue, List<Object> batch) {
        try {
            queue.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemons() {
        return runnable -> {
            Thread thread = new Thread(runnable, "replay-reader");
            thread.setDaemon(true);
            return thread;
        };
    }
}
