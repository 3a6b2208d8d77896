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
import java.util.function.Predicate;

import io.trailguard.event.EventFileReader;
import io.trailguard.event.EventReader;
import io.trailguard.event.SourcedEvent;

/**
 * Reads the files of a replay on {@code jobs} threads and hands their items to one consumer in the order a
 * single thread would: file by file, each in its own order. So the decisions, thresholds included, and the
 * output are the same whatever the number of threads.
 * <p>
 * With several threads, a reader collapses each run of items the consumer would only count (most of a real
 * trail: calls no pattern matches) into one {@link Consumer#counted} marker, so that its queue holds the few
 * matched items and a reader can run a whole typical file ahead while the consumer is on an earlier one: that is
 * what lets {@code --jobs} scale. A batch holds at most {@link #BATCH} items and covers at most {@link #SPAN}
 * records; a file's queue holds at most {@link #AHEAD} batches. A typical trail (a few % matched) holds a few
 * thousand items per file read ahead; the worst case (every record matched) is {@code AHEAD × BATCH} = 8,192
 * items per file read ahead. A reader starts a file only when it is fewer than {@code 2 × jobs} files ahead of
 * the one the consumer is on, so memory stays bounded whatever the number of files: the file the consumer waits for
 * never waits itself, and every file before it has already been handed over.
 */
final class FileReads {

    static final int BATCH = 256;
    static final int AHEAD = 32;
    // records per batch at most, so the progress bar still moves through a file that only counts
    static final int SPAN = 16_384;

    /** One item read, with what was worked out for it on the reader's thread, and the bytes of its file read so far. */
    record Item<T>(SourcedEvent event, T prepared, long bytesRead) {
    }

    /**
     * What the consumer is told of one file: its items, then its end, with why it could not be read to it (else null).
     * A run of items that {@code countedOnly} accepted may come as one call of {@link #counted} instead.
     */
    interface Consumer<T> {
        void item(Item<T> item);

        /** {@code count} items in a row that the consumer would only count, the last of them at {@code bytesRead}. */
        void counted(long count, long bytesRead);

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
     * {@code countedOnly} tells, on the reading thread, the items that {@link Consumer#item} would only count.
     */
    <T> void read(List<Path> files, Function<SourcedEvent, T> prepare, Predicate<Item<T>> countedOnly, java.util.function.Consumer<Path> onFile,
            Consumer<T> consumer) {
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
        Window window = new Window(2 * jobs);
        try {
            // a fixed pool starts files in order, so the one the consumer waits for is always being read
            for (int i = 0; i < files.size(); i++) {
                BlockingQueue<List<Object>> queue = queues.get(i);
                Path file = files.get(i);
                int index = i;
                pool.execute(() -> {
                    if (window.reached(index)) {
                        readInBatches(file, prepare, countedOnly, queue);
                    }
                });
            }
            for (int i = 0; i < files.size(); i++) {
                onFile.accept(files.get(i));
                if (!drain(files.get(i), queues.get(i), consumer)) {
                    return;
                }
                window.handedOver(i);
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

    /** A run of items the consumer only counts. */
    private record Counted(long count, long bytesRead) {
    }

    private <T> void readInBatches(Path file, Function<SourcedEvent, T> prepare, Predicate<Item<T>> countedOnly, BlockingQueue<List<Object>> queue) {
        Batcher<T> batcher = new Batcher<>(countedOnly, queue);
        try {
            readFile(file, prepare, batcher);
        } catch (RuntimeException e) {
            // a bug of ours must not leave the consumer waiting for ever
            batcher.end(file, "could not be read: " + e, 0);
        }
    }

    /** Fills a file's queue with batches of items, runs of counted-only items collapsed into one {@link Counted}. */
    private static final class Batcher<T> implements Consumer<T> {
        private final Predicate<Item<T>> countedOnly;
        private final BlockingQueue<List<Object>> queue;
        private List<Object> batch = new ArrayList<>();
        private int items;
        private long records;
        private long counted;
        private long countedBytes;

        Batcher(Predicate<Item<T>> countedOnly, BlockingQueue<List<Object>> queue) {
            this.countedOnly = countedOnly;
            this.queue = queue;
        }

        @Override
        public void item(Item<T> item) {
            records++;
            if (countedOnly.test(item)) {
                counted++;
                countedBytes = item.bytesRead();
            } else {
                closeRun();
                batch.add(item);
                items++;
            }
            if (items == BATCH || records == SPAN) {
                closeRun();
                put(queue, batch);
                batch = new ArrayList<>();
                items = 0;
                records = 0;
            }
        }

        @Override
        public void counted(long count, long bytesRead) {
            throw new IllegalStateException("a file is read item by item");
        }

        @Override
        public void end(Path file, String unreadable, long bytesRead) {
            closeRun();
            batch.add(new End(unreadable, bytesRead));
            put(queue, batch);
        }

        private void closeRun() {
            if (counted > 0) {
                batch.add(new Counted(counted, countedBytes));
                counted = 0;
            }
        }
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
                    } else if (entry instanceof Counted run) {
                        consumer.counted(run.count(), run.bytesRead());
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

    /** How far ahead of the consumer the readers may start a file. */
    private static final class Window {
        private final int files;
        private int handedOver;

        Window(int files) {
            this.files = files;
        }

        /** Waits until file {@code index} is within the window; false when the wait was interrupted (the replay ended). */
        synchronized boolean reached(int index) {
            while (index >= handedOver + files) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }

        synchronized void handedOver(int index) {
            handedOver = index + 1;
            notifyAll();
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
