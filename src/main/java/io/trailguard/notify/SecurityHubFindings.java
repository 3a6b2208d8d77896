package io.trailguard.notify;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.BatchImportFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.ImportFindingsError;

/** Imports each alerted decision into AWS Security Hub as an ASFF finding ({@link AsffFinding}). */
@ApplicationScoped
public class SecurityHubFindings implements AlertTarget {

    private final SecurityHubClient securityHub;
    private final AlertsConfig.SecurityHub config;

    public SecurityHubFindings(SecurityHubClient securityHub, AlertsConfig config) {
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
        String region = securityHub.serviceClientConfiguration().region().id();
        BatchImportFindingsResponse response = securityHub.batchImportFindings(b -> b.findings(
                AsffFinding.of(notice, account, region, Instant.now())));
        if (response.failedCount() != null && response.failedCount() > 0) {
            ImportFindingsError error = response.failedFindings().isEmpty() ? null : response.failedFindings().get(0);
            throw new IllegalStateException("Security Hub rejected the finding"
                    + (error != null ? ": " + error.errorCode() + " " + error.errorMessage() : ""));
        }
        return "imported";
    }
}
