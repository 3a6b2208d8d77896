package io.trailguard.notify;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes each {@link AuditRecord} as one JSON line on the {@code trailguard.audit} log category, which the
 * configuration sends to stdout unformatted so CloudWatch Logs and SIEMs read it as JSON.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger AUDIT = Logger.getLogger("trailguard.audit");

    private final ObjectMapper mapper;

    public AuditLog(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void write(AuditRecord record) {
        try {
            AUDIT.info(mapper.writeValueAsString(record));
        } catch (JsonProcessingException e) {
            AUDIT.errorf("{\"type\":\"audit-error\",\"error\":\"%s\"}", e.getClass().getSimpleName());
        }
    }
}
