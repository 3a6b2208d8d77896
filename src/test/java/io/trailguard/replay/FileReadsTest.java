package io.trailguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.event.CloudTrailLogs;
import io.trailguard.event.EventReader;
import io.trailguard.event.SourcedEvent;

/**
 * Files read on several threads reach the consumer as on one: the same items in the same order, runs of
 * counted-only items collapsed into counts that add up to them, at the same bytes.
 */
class FileReadsTest {

    @TempDir
    Path dir;

    @Test
    void runsOfCountedOnlyItemsArriveAsCountsInTheOrderOfOneThread() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            List<JsonNode> records = new ArrayList<>(CloudTrailLogs.benignReads(FileReads.SPAN + 3_000));
            // the "kept" ones: an item every so often, one first and one last, and a run longer than a batch
            for (int i : new int[] {0, 5, 6, 1_000, 9_999, FileReads.SPAN + 2_999}) {
                records.set(i, kept(i));
            }
            for (int i = 12_000; i < 12_000 + FileReads.BATCH + 10; i++) {
                records.set(i, kept(i));
            }
            Path file = dir.resolve("trail-" + f + ".json.gz");
            Files.write(file, CloudTrailLogs.gzip(records));
            files.add(file);
        }
        EventReader reader = new EventReader(new ObjectMapper(), 1_048_576);

        List<String> one = seen(new FileReads(reader, 1), files);
        List<String> two = seen(new FileReads(reader, 2), files);

        assertEquals(expand(one), expand(two));
        assertTrue(one.stream().noneMatch(s -> s.endsWith("in one call")), "one thread hands over every item");
        long runs = two.stream().filter(s -> s.endsWith("in one call")).count();
        assertTrue(runs > 0 && two.size() < one.size() / 10, "runs collapsed: " + runs + " counts, " + two.size() + " calls for " + one.size());
    }

    /** While the consumer dwells on the first file, the readers start no file 2 × jobs or more ahead of it. */
    @Test
    void readersStartNoFileMoreThanTwiceTheJobsAheadOfTheConsumer() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int f = 0; f < 12; f++) {
            Path file = dir.resolve("small-" + f + ".json.gz");
            Files.write(file, CloudTrailLogs.gzip(CloudTrailLogs.benignReads(50)));
            files.add(file);
        }
        EventReader reader = new EventReader(new ObjectMapper(), 1_048_576);
        Set<String> started = ConcurrentHashMap.newKeySet();
        List<Set<String>> whileOnTheFirst = new ArrayList<>();
        int[] items = {0};
        new FileReads(reader, 2).read(files, event -> {
            started.add(Path.of(event.where().replaceAll(":.*| Records.*", "")).getFileName().toString());
            return "";
        }, item -> false, file -> { }, new FileReads.Consumer<String>() {
            @Override
            public void item(FileReads.Item<String> item) {
                if (items[0]++ == 0) {
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    whileOnTheFirst.add(Set.copyOf(started));
                }
            }

            @Override
            public void counted(long count, long bytesRead) {
            }

            @Override
            public void end(Path file, String unreadable, long bytesRead) {
            }
        });
        assertEquals(12 * 50, items[0]);
        assertEquals(Set.of("small-0.json.gz", "small-1.json.gz", "small-2.json.gz", "small-3.json.gz"), whileOnTheFirst.get(0));
        assertEquals(12, started.size());
    }

    private static JsonNode kept(int i) {
        return CloudTrailLogs.record("cloudtrail-tampering", "stop-logging-by-name").put("eventID", "kept-" + i);
    }

    /** What the consumer was told, one line a call: the kept items by id, the others as a count, a run's said so. */
    private static List<String> seen(FileReads reads, List<Path> files) {
        List<String> seen = new ArrayList<>();
        reads.read(files, SourcedEvent::where, item -> !item.event().parsed().event().detail().eventID().startsWith("kept-"),
                file -> seen.add("file " + file.getFileName()), new FileReads.Consumer<String>() {
                    @Override
                    public void item(FileReads.Item<String> item) {
                        String id = item.event().parsed().event().detail().eventID();
                        seen.add(id.startsWith("kept-") ? "item " + id + " at " + item.bytesRead() : "counted 1 at " + item.bytesRead());
                    }

                    @Override
                    public void counted(long count, long bytesRead) {
                        seen.add("counted " + count + " at " + bytesRead + " in one call");
                    }

                    @Override
                    public void end(Path file, String unreadable, long bytesRead) {
                        seen.add("end " + file.getFileName() + " " + unreadable + " " + bytesRead);
                    }
                });
        return seen;
    }

    /** Consecutive counts merged, so two ways of cutting the same runs compare equal (bytes: the last of a run's). */
    private static List<String> expand(List<String> calls) {
        List<String> merged = new ArrayList<>();
        long count = 0;
        String at = null;
        for (String call : calls) {
            if (call.startsWith("counted ")) {
                String[] parts = call.split(" ");
                count += Long.parseLong(parts[1]);
                at = parts[3];
                continue;
            }
            if (count > 0) {
                merged.add("counted " + count + " at " + at);
                count = 0;
            }
            merged.add(call);
        }
        return merged;
    }
}
