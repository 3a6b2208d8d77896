package io.trailguard.handler;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.trailguard.notify.AuditRecord;

/**
 * What a handler returns for one event: rejected (bad input), unmatched, or the decisions taken.
 * {@link InterceptionResultSerializer} writes it by hand, as Jackson's bean serializer writes these annotations.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonSerialize(using = InterceptionResultSerializer.class)
public record InterceptionResult(String status, String eventId, String reason, List<AuditRecord> decisions) {

    public static final String REJECTED = "rejected";
    public static final String UNMATCHED = "unmatched";
    public static final String DECIDED = "decided";
}
