package io.trailguard.notify;

import java.io.PrintStream;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes each {@link AuditRecord} as one JSON line on stdout, apart from the application log, so that
 * CloudWatch Logs, Logs Insights and SIEMs read every decision as a JSON document of its own.
 */
@ApplicationScoped
public class AuditLog {

    private final ObjectMapper mapper;
    private final PrintStream out = System.out;

    public AuditLog(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void write(AuditRecord record) {
        String line;
        try {
            line = mapper.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            line = "{\"type\":\"audit-error\",\"error\":\"" + e.getClass().getSimpleName() + "\"}";
        }
        synchronized (out) {
            out.println(line);
        }
    }
}
