package io.trailguard;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Alternative;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.notify.AuditLog;
import io.trailguard.notify.AuditRecord;

/**
 * The audit log of the tests: writes each line as in production and also counts the lines by type and keeps
 * the latest, so that fuzz and load runs can prove every event got its audit line; quiet serialises each
 * line as usual but does not print it.
 */
@Alternative
@Priority(1)
@Singleton
public class CapturingAuditLog extends AuditLog {

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Deque<AuditRecord> latest = new ArrayDeque<>();
    private final LongAdder quietBytes = new LongAdder();
    private final ObjectMapper mapper;
    private volatile boolean quiet;

    public CapturingAuditLog(ObjectMapper mapper) {
        super(mapper);
        this.mapper = mapper;
    }

    @Override
    public void write(AuditRecord record) {
        counts.computeIfAbsent(record.type(), t -> new LongAdder()).increment();
        synchronized (latest) {
            latest.addLast(record);
            if (latest.size() > 1000) {
                latest.removeFirst();
            }
        }
        if (!quiet) {
            super.write(record);
            return;
        }
        // quiet still pays for the JSON line, so timings stay those of a real run
        try {
            quietBytes.add(mapper.writeValueAsString(record).length() + 1);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            counts.computeIfAbsent("audit-error", t -> new LongAdder()).increment();
        }
    }

    public void quiet(boolean on) {
        quiet = on;
    }

    /** Characters of the lines serialised but not printed while quiet. */
    public long quietBytes() {
        return quietBytes.sum();
    }

    public long count(String type) {
        LongAdder adder = counts.get(type);
        return adder == null ? 0 : adder.sum();
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** The records written since the last {@link #clearLatest()} (at most 1000). */
    public List<AuditRecord> latest() {
        synchronized (latest) {
            return List.copyOf(latest);
        }
    }

    public void clearLatest() {
        synchronized (latest) {
            latest.clear();
        }
    }
}
