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
 * the latest, so that fuzz and load runs can prove every event got its audit line; quiet skips stdout.
 */
@Alternative
@Priority(1)
@Singleton
public class CapturingAuditLog extends AuditLog {

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Deque<AuditRecord> latest = new ArrayDeque<>();
    private volatile boolean quiet;

    public CapturingAuditLog(ObjectMapper mapper) {
        super(mapper);
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
        }
    }

    public void quiet(boolean on) {
        quiet = on;
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
