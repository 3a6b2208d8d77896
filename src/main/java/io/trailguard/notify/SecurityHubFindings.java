package io.trailguard.notify;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

/** Imports each alerted decision into AWS Security Hub as an ASFF finding ({@link AsffFinding}). */
@ApplicationScoped
public class SecurityHubFindings implements AlertTarget {

    private final FindingsImport securityHub;
    private final AlertsConfig.SecurityHub config;

    public SecurityHubFindings(FindingsImport securityHub, AlertsConfig config) {
        this.securityHub = securityHub;
        this.config = config.securityHub();
    }

    @Override
    public String name() {
        return "security-hub";
    }

    @Override
    public boolean configuredFor(Notice notice) {
        return config.enabled();
    }

    @Override
    public String send(Notice notice) {
        String account = config.accountId().filter(a -> !a.isBlank()).orElse(notice.event().account());
        JsonNode response = securityHub.batchImportFindings(AsffFinding.of(notice, account, securityHub.region(), Instant.now()));
        if (response.path("FailedCount").asInt(0) > 0) {
            JsonNode error = response.path("FailedFindings").path(0);
            throw new IllegalStateException("Security Hub rejected the finding"
                    + (error.isObject() ? ": " + error.path("ErrorCode").asText() + " " + error.path("ErrorMessage").asText() : ""));
        }
        return "imported";
    }
}
