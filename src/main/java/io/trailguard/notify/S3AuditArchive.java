package io.trailguard.notify;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import jakarta.enterprise.context.ApplicationScoped;


/**
 * One S3 object per audit record, {@code <prefix>yyyy/mm/dd/<HHmmss.SSS>-<eventId>-<policy>.json}, so a
 * day's decisions list under one prefix (Athena partitions, lifecycle rules, object lock). Written by signed S3 calls
 * ({@link ArchiveObjects}), without the SDK's S3 client.
 */
@ApplicationScoped
public class S3AuditArchive implements AuditSink {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd/").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss.SSS").withZone(ZoneOffset.UTC);

    private final ArchiveObjects s3;
    private final AuditConfig config;

    public S3AuditArchive(ArchiveObjects s3, AuditConfig config) {
        this.s3 = s3;
        this.config = config;
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public boolean enabled() {
        return config.s3Bucket().filter(b -> !b.isBlank()).isPresent();
    }

    @Override
    public void write(AuditRecord record, String json) {
        String key = key(config.s3Prefix(), record);
        s3.put(config.s3Bucket().orElseThrow(), key, json, "application/json");
    }

    static String key(String prefix, AuditRecord record) {
        Instant time;
        try {
            time = record.time() != null ? Instant.parse(record.time()) : Instant.now();
        } catch (DateTimeParseException e) {
            time = Instant.now();
        }
        String eventId = record.eventId() != null ? record.eventId() : "no-event-id";
        String policy = record.policy() != null ? record.policy() : record.type();
        return prefix + DAY.format(time) + TIME.format(time) + "-" + safe(eventId) + "-" + safe(policy) + ".json";
    }

    /** Key-safe characters only: event ids and policy names come from outside. */
    private static String safe(String part) {
        String cleaned = part.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.length() <= 200 ? cleaned : cleaned.substring(0, 200);
    }
}
