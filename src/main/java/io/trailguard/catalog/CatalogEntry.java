package io.trailguard.catalog;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One policy as the deployment sees it: what its EventBridge rule matches, what its function's role may do.
 * {@code infra/} builds rules and roles from these entries and from nothing else.
 */
@RegisterForReflection
public record CatalogEntry(
        String name,
        String description,
        String handler,
        /** the policy's EventBridge pattern, verbatim */
        JsonNode pattern,
        List<String> sources,
        List<String> detailTypes,
        List<String> eventSources,
        List<String> eventNames,
        List<String> iamActions,
        String defaultMode,
        boolean readOnlyEvents,
        /** events of global services (IAM, STS, sign-in…) reach EventBridge only in us-east-1 */
        boolean globalService,
        /** the region its rule belongs in, or null for every region */
        String homeRegion,
        /** deployed alert-only, its rule may target the alert topic directly, with {@link #alertPattern} */
        boolean alertsFromPattern,
        /** its pattern restricted to successful calls, for a rule that alerts without a function */
        JsonNode alertPattern,
        /** the MITRE ATT&CK technique ids its findings are evidence of */
        List<String> attackTechniques,
        /** where a responder reads what to do about its findings, or null */
        String runbook,
        /** the actions its findings may ask for (the undo in enforce mode); empty for an alert-only policy */
        List<String> actions,
        /** "20 in 5 min per principal" when one matching event is not yet a finding, else null */
        String threshold) {
}
