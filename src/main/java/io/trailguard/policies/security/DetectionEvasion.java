package io.trailguard.policies.security;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;

/**
 * Quieter ways to blind detection than switching it off (security-controls-disabled's): DNS query logging of
 * Route 53 Resolver deleted or detached from a VPC, Macie disabled or paused, GuardDuty told to trust addresses
 * (trusted IP lists), to forget threat lists, or to archive findings as they come. Alerted: what was there
 * before is not in the event, so there is nothing exact to put back.
 */
@ApplicationScoped
public class DetectionEvasion implements Policy {

    @Override
    public String name() {
        return "detection-evasion";
    }

    @Override
    public String handler() {
        return HandlerNames.SECURITY;
    }

    @Override
    public String description() {
        return "Resolver query logging removed, Macie disabled or paused, GuardDuty trusted IP lists, threat lists or auto-archive filters changed";
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.route53resolver", "aws.macie2", "aws.guardduty"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["route53resolver.amazonaws.com", "macie2.amazonaws.com", "guardduty.amazonaws.com"],
                            "eventName": ["DeleteResolverQueryLogConfig", "DisassociateResolverQueryLogConfig",
                                          "DisableMacie", "UpdateMacieSession",
                                          "CreateIPSet", "UpdateIPSet", "DeleteIPSet", "DeleteThreatIntelSet",
                                          "CreateFilter", "UpdateFilter"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of();
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.ROUTE53_RESOLVER_QUERY_LOG_CONFIG, ResourceRef.MACIE_SESSION, ResourceRef.GUARDDUTY_IP_SET,
                ResourceRef.GUARDDUTY_THREAT_INTEL_SET, ResourceRef.GUARDDUTY_FILTER);
    }

    @Override
    public Mode defaultMode() {
        return Mode.ALERT;
    }

    @Override
    public FailedCalls failedCalls() {
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> attackTechniques() {
        return List.of("T1562.001", "T1562.008");
    }

    @Override
    public List<String> findingTypes() {
        return List.of("TTPs/Defense Evasion");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        JsonNode request = detail.requestParameters() == null ? MissingNode.getInstance() : detail.requestParameters();
        String region = detail.awsRegion() != null ? detail.awsRegion() : event.region();
        return switch (detail.eventSource() + " " + detail.eventName()) {
            case "route53resolver.amazonaws.com DeleteResolverQueryLogConfig" -> queryLogs(detail, "deleted",
                    "DNS queries of every VPC it was associated with are no longer logged");
            case "route53resolver.amazonaws.com DisassociateResolverQueryLogConfig" -> queryLogs(detail, "detached from "
                    + text(request, "resourceId"), "DNS queries of " + text(request, "resourceId") + " are no longer logged");
            case "macie2.amazonaws.com DisableMacie" -> macie(event, region, "Macie disabled in " + region,
                    "Macie disabled: its findings and sensitive data discovery results are deleted");
            case "macie2.amazonaws.com UpdateMacieSession" -> "PAUSED".equals(text(request, "status"))
                    ? macie(event, region, "Macie paused in " + region, "Macie paused: no sensitive data discovery, no new findings")
                    : Decision.noMatch("Macie session not paused");
            case "guardduty.amazonaws.com CreateIPSet" -> trustedList(detail, request, "added",
                    request.path("activate").asBoolean(false) ? Severity.HIGH : Severity.MEDIUM);
            case "guardduty.amazonaws.com UpdateIPSet" -> trustedList(detail, request, "changed", Severity.HIGH);
            case "guardduty.amazonaws.com DeleteIPSet" -> trustedList(detail, request, "deleted", Severity.MEDIUM);
            case "guardduty.amazonaws.com DeleteThreatIntelSet" -> threatList(request);
            case "guardduty.amazonaws.com CreateFilter", "guardduty.amazonaws.com UpdateFilter" -> filter(detail, request);
            default -> Decision.noMatch("not a detection control being weakened");
        };
    }

    private static Decision queryLogs(CloudTrailDetail detail, String what, String finding) {
        String config = detail.requestParameter("resolverQueryLogConfigId");
        if (config == null || config.isBlank()) {
            return Decision.noMatch("no resolverQueryLogConfigId in requestParameters");
        }
        return Decision.alert(Severity.HIGH, new ResourceRef(ResourceRef.ROUTE53_RESOLVER_QUERY_LOG_CONFIG, config),
                "Route 53 Resolver query logging " + config + " " + what, List.of(finding));
    }

    private static Decision macie(TrailEvent event, String region, String reason, String finding) {
        return Decision.alert(Severity.HIGH, new ResourceRef(ResourceRef.MACIE_SESSION, event.account() + "/" + region), reason,
                List.of(finding));
    }

    private static Decision trustedList(CloudTrailDetail detail, JsonNode request, String what, Severity severity) {
        String detector = text(request, "detectorId");
        // a new list's id is only in the response; its name is in the request
        String id = text(request, "ipSetId");
        if ("?".equals(id)) {
            id = detail.responseElement("ipSetId") != null ? detail.responseElement("ipSetId") : text(request, "name");
        }
        if ("?".equals(detector) || "?".equals(id)) {
            return Decision.noMatch("no detectorId or IP set in requestParameters");
        }
        String location = text(request, "location");
        return Decision.alert(severity, new ResourceRef(ResourceRef.GUARDDUTY_IP_SET, detector + "/" + id),
                "GuardDuty trusted IP list " + id + " " + what + " on detector " + detector,
                List.of("trusted IP list " + id + " " + what + ("?".equals(location) ? "" : " (" + location + ")")
                        + ("deleted".equals(what) ? ": the addresses GuardDuty ignores changed"
                                : ": GuardDuty raises no findings for the addresses it lists")));
    }

    private static Decision threatList(JsonNode request) {
        String detector = text(request, "detectorId");
        String id = text(request, "threatIntelSetId");
        if ("?".equals(detector) || "?".equals(id)) {
            return Decision.noMatch("no detectorId or threatIntelSetId in requestParameters");
        }
        return Decision.alert(Severity.HIGH, new ResourceRef(ResourceRef.GUARDDUTY_THREAT_INTEL_SET, detector + "/" + id),
                "GuardDuty threat list " + id + " deleted from detector " + detector,
                List.of("threat list " + id + " deleted: traffic to the addresses it listed is no longer flagged"));
    }

    private static Decision filter(CloudTrailDetail detail, JsonNode request) {
        if (!"ARCHIVE".equals(text(request, "action"))) {
            return Decision.noMatch("filter does not archive findings (action " + text(request, "action") + ")");
        }
        String detector = text(request, "detectorId");
        // CreateFilter names it "name", UpdateFilter "filterName"
        String name = "CreateFilter".equals(detail.eventName()) ? text(request, "name") : text(request, "filterName");
        if ("?".equals(detector) || "?".equals(name)) {
            return Decision.noMatch("no detectorId or filter name in requestParameters");
        }
        return Decision.alert(Severity.HIGH, new ResourceRef(ResourceRef.GUARDDUTY_FILTER, detector + "/" + name),
                "GuardDuty filter " + name + " archives findings on detector " + detector,
                List.of("filter " + name + " archives matching findings as they arrive: criteria " + criteria(request)));
    }

    private static String criteria(JsonNode request) {
        String criteria = request.path("findingCriteria").path("criterion").toString();
        return criteria.length() > 300 ? criteria.substring(0, 300) + "…" : criteria;
    }

    /** A request field as text, {@code ?} when absent or not a scalar. */
    private static String text(JsonNode request, String field) {
        JsonNode value = request.path(field);
        return value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : "?";
    }
}
