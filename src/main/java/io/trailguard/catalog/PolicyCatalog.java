package io.trailguard.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.engine.PolicyPermissions;
import io.trailguard.engine.PolicyRegistry;
import io.trailguard.policy.ConfiguredPolicy;
import io.trailguard.policy.Policy;
import io.trailguard.policy.Threshold;

/**
 * The machine-readable list of every policy, Java bean or declarative rule, enabled or not, with its default mode: the one source
 * the CDK app in {@code infra/} reads its rules, functions and IAM actions from.
 */
@ApplicationScoped
public class PolicyCatalog {

    /** The region where CloudTrail events of global services are delivered to EventBridge. */
    public static final String GLOBAL_EVENTS_REGION = "us-east-1";

    /**
     * Event sources of global services: their management events reach EventBridge in us-east-1 only. Not
     * sign-in: console sign-ins through a regional endpoint, or routed by an account-alias cookie, are recorded
     * in other regions too.
     */
    static final Set<String> GLOBAL_EVENT_SOURCES = Set.of("iam.amazonaws.com", "sts.amazonaws.com",
            "organizations.amazonaws.com", "cloudfront.amazonaws.com", "route53.amazonaws.com",
            "waf.amazonaws.com", "shield.amazonaws.com", "health.amazonaws.com", "support.amazonaws.com",
            "account.amazonaws.com", "budgets.amazonaws.com", "ce.amazonaws.com", "route53domains.amazonaws.com");

    private final PolicyRegistry registry;
    private final ObjectMapper mapper;
    private final PolicyPermissions permissions;

    public PolicyCatalog(PolicyRegistry registry, ObjectMapper mapper, PolicyPermissions permissions) {
        this.registry = registry;
        this.mapper = mapper;
        this.permissions = permissions;
    }

    public List<CatalogEntry> entries() {
        return entries(registry);
    }

    /** The catalog of another registry: the loaded one with candidate rules ({@code catalog --rules}). */
    public List<CatalogEntry> entries(PolicyRegistry registry) {
        List<CatalogEntry> entries = new ArrayList<>();
        // Java policies and declarative rules alike: the registry holds both
        for (ConfiguredPolicy configured : registry.policies().values()) {
            entries.add(entry(configured.policy()));
        }
        entries.sort(Comparator.comparing(CatalogEntry::name));
        return entries;
    }

    private CatalogEntry entry(Policy policy) {
        JsonNode pattern;
        try {
            pattern = mapper.readTree(policy.pattern());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("policy " + policy.name() + " has an unreadable pattern: " + e.getOriginalMessage(), e);
        }
        List<String> eventSources = strings(pattern.path("detail").path("eventSource"));
        boolean global = !eventSources.isEmpty() && eventSources.stream().allMatch(GLOBAL_EVENT_SOURCES::contains);
        return new CatalogEntry(policy.name(), policy.description(), policy.handler(), pattern,
                strings(pattern.path("source")), strings(pattern.path("detail-type")), eventSources,
                strings(pattern.path("detail").path("eventName")), List.copyOf(permissions.iamActions(policy)),
                policy.defaultMode().label(), policy.readOnlyEvents(), global, global ? GLOBAL_EVENTS_REGION : null,
                policy.alertsFromPattern(), alertPattern(pattern), List.copyOf(policy.attackTechniques()),
                policy.runbook().orElse(null), List.copyOf(policy.actions()), policy.threshold().map(Threshold::words).orElse(null));
    }

    /** The pattern with {@code errorCode} required absent: a failed call changed nothing and is no finding. */
    private static JsonNode alertPattern(JsonNode pattern) {
        ObjectNode copy = pattern.deepCopy();
        JsonNode detail = copy.path("detail");
        ObjectNode detailObject = detail.isObject() ? (ObjectNode) detail : copy.putObject("detail");
        if (!detailObject.has("errorCode")) {
            detailObject.putArray("errorCode").addObject().put("exists", false);
        }
        return copy;
    }

    /** The plain string values of a pattern field (content filters such as prefix are left out). */
    private static List<String> strings(JsonNode values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> {
            if (v.isTextual()) {
                out.add(v.asText());
            }
        });
        return out;
    }
}
