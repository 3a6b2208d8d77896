package io.trailguard.policies.security;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.remediation.EnableGuardDutyDetector;
import io.trailguard.remediation.StartConfigurationRecorder;

/**
 * Someone switching off the account's detective controls: GuardDuty, AWS Config, Security Hub, VPC flow
 * logs, IAM Access Analyzer, or the account leaving its organization. All critical. Where AWS can undo it
 * without losing anything, enforce does: a stopped Config recorder is started, a disabled GuardDuty detector
 * re-enabled (enforce by default: turning detection back on destroys nothing). Deletions are alerted on.
 */
@ApplicationScoped
public class SecurityControlsDisabled implements Policy {

    @Override
    public String name() {
        return "security-controls-disabled";
    }

    @Override
    public String handler() {
        return HandlerNames.SECURITY;
    }

    @Override
    public String description() {
        return "GuardDuty, Config, Security Hub, flow logs or Access Analyzer disabled, or the account left its organization";
    }

    @Override
    public List<String> attackTechniques() {
        // detectors and recorders are tools, flow logs are cloud logs, leaving the organization modifies its hierarchy
        return List.of("T1562.001", "T1562.008", "T1666");
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.guardduty", "aws.config", "aws.securityhub", "aws.ec2", "aws.access-analyzer", "aws.organizations"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["guardduty.amazonaws.com", "config.amazonaws.com", "securityhub.amazonaws.com",
                                            "ec2.amazonaws.com", "access-analyzer.amazonaws.com", "organizations.amazonaws.com"],
                            "eventName": ["DeleteDetector", "UpdateDetector", "DisassociateFromMasterAccount",
                                          "DisassociateFromAdministratorAccount",
                                          "StopConfigurationRecorder", "DeleteConfigurationRecorder", "DeleteDeliveryChannel",
                                          "DisableSecurityHub", "BatchDisableStandards",
                                          "DeleteFlowLogs", "DeleteAnalyzer", "LeaveOrganization"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(EnableGuardDutyDetector.NAME, StartConfigurationRecorder.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.GUARDDUTY_DETECTOR, ResourceRef.CONFIG_RECORDER, ResourceRef.CONFIG_DELIVERY_CHANNEL,
                ResourceRef.SECURITY_HUB, ResourceRef.SECURITY_HUB_STANDARD, ResourceRef.EC2_FLOW_LOG, ResourceRef.ACCESS_ANALYZER,
                ResourceRef.ORGANIZATIONS_ACCOUNT);
    }

    @Override
    public Mode defaultMode() {
        return Mode.ENFORCE;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused attempt to switch off detection, or to leave the organization, is defense evasion under way
        return FailedCalls.ALERT;
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        String account = event.account();
        String region = detail.awsRegion() != null ? detail.awsRegion() : event.region();
        return switch (detail.eventSource() + " " + detail.eventName()) {
            case "guardduty.amazonaws.com UpdateDetector" -> updateDetector(detail);
            case "guardduty.amazonaws.com DeleteDetector" -> named(detail, "detectorId", ResourceRef.GUARDDUTY_DETECTOR,
                    id -> "GuardDuty detector " + id + " deleted");
            case "guardduty.amazonaws.com DisassociateFromMasterAccount",
                    "guardduty.amazonaws.com DisassociateFromAdministratorAccount" -> named(detail, "detectorId",
                            ResourceRef.GUARDDUTY_DETECTOR, id -> "GuardDuty detector " + id + " left its administrator account");
            case "config.amazonaws.com StopConfigurationRecorder" -> stopRecorder(detail);
            case "config.amazonaws.com DeleteConfigurationRecorder" -> named(detail, "configurationRecorderName",
                    ResourceRef.CONFIG_RECORDER, id -> "AWS Config recorder " + id + " deleted");
            case "config.amazonaws.com DeleteDeliveryChannel" -> named(detail, "deliveryChannelName",
                    ResourceRef.CONFIG_DELIVERY_CHANNEL, id -> "AWS Config delivery channel " + id + " deleted");
            case "securityhub.amazonaws.com DisableSecurityHub" -> Decision.alert(Severity.CRITICAL,
                    new ResourceRef(ResourceRef.SECURITY_HUB, "arn:aws:securityhub:" + region + ":" + account + ":hub/default"),
                    "Security Hub disabled in " + region, List.of("Security Hub disabled in account " + account + " region " + region));
            case "securityhub.amazonaws.com BatchDisableStandards" -> disabledStandards(detail);
            case "ec2.amazonaws.com DeleteFlowLogs" -> deletedFlowLogs(detail);
            case "access-analyzer.amazonaws.com DeleteAnalyzer" -> named(detail, "analyzerName", ResourceRef.ACCESS_ANALYZER,
                    id -> "IAM Access Analyzer " + id + " deleted");
            case "organizations.amazonaws.com LeaveOrganization" -> Decision.alert(Severity.CRITICAL,
                    new ResourceRef(ResourceRef.ORGANIZATIONS_ACCOUNT, account), "account " + account + " left its organization",
                    List.of("account " + account + (detail.failed() ? " would no longer be governed" : " is no longer governed")
                            + " by its organization's SCPs and delegated security services"));
            default -> Decision.noMatch("not a security control being disabled");
        };
    }

    private Decision updateDetector(CloudTrailDetail detail) {
        String detector = detail.requestParameter("detectorId");
        if (detector == null || detector.isBlank()) {
            return Decision.noMatch("no detectorId in requestParameters");
        }
        ResourceRef resource = new ResourceRef(ResourceRef.GUARDDUTY_DETECTOR, detector);
        JsonNode enable = detail.requestParameters().get("enable");
        if (enable != null && enable.isBoolean() && !enable.asBoolean()) {
            return Decision.remediate(Severity.CRITICAL, resource, "GuardDuty detector " + detector + " disabled",
                    List.of("detector " + detector + " set enable=false"), List.of(EnableGuardDutyDetector.spec(detector)));
        }
        List<String> disabledFeatures = new ArrayList<>();
        for (JsonNode feature : detail.requestParameters().path("features")) {
            if ("DISABLED".equals(feature.path("status").asText())) {
                disabledFeatures.add(feature.path("name").asText());
            }
        }
        if (!disabledFeatures.isEmpty()) {
            // protection plans are priced and chosen per account: switching one off is told, not undone
            return Decision.alert(Severity.HIGH, resource, "GuardDuty protection plans disabled on detector " + detector,
                    List.of("features disabled: " + String.join(", ", disabledFeatures)));
        }
        return Decision.noMatch("detector not disabled");
    }

    private Decision stopRecorder(CloudTrailDetail detail) {
        String recorder = detail.requestParameter("configurationRecorderName");
        if (recorder == null || recorder.isBlank()) {
            return Decision.noMatch("no configurationRecorderName in requestParameters");
        }
        return Decision.remediate(Severity.CRITICAL, new ResourceRef(ResourceRef.CONFIG_RECORDER, recorder),
                "AWS Config recorder " + recorder + " stopped", List.of("configuration recorder " + recorder + " stopped recording"),
                List.of(StartConfigurationRecorder.spec(recorder)));
    }

    private static Decision disabledStandards(CloudTrailDetail detail) {
        List<String> arns = new ArrayList<>();
        if (detail.requestParameters() != null) {
            detail.requestParameters().path("standardsSubscriptionArns").forEach(a -> arns.add(a.asText()));
        }
        if (arns.isEmpty()) {
            return Decision.noMatch("no standardsSubscriptionArns in requestParameters");
        }
        return Decision.alert(Severity.CRITICAL, new ResourceRef(ResourceRef.SECURITY_HUB_STANDARD, arns.get(0)),
                "Security Hub standards disabled", arns.stream().map(a -> "standard disabled: " + a).toList());
    }

    private static Decision deletedFlowLogs(CloudTrailDetail detail) {
        List<String> ids = FlowLogIds.of(detail.requestParameters());
        if (ids.isEmpty()) {
            return Decision.noMatch("no flow log id in requestParameters");
        }
        return Decision.alert(Severity.CRITICAL, new ResourceRef(ResourceRef.EC2_FLOW_LOG, ids.get(0)), "VPC flow logs deleted",
                ids.stream().map(id -> "flow log " + id + " deleted").toList());
    }

    private static Decision named(CloudTrailDetail detail, String parameter, String type,
            Function<String, String> reason) {
        String id = detail.requestParameter(parameter);
        if (id == null || id.isBlank()) {
            return Decision.noMatch("no " + parameter + " in requestParameters");
        }
        return Decision.alert(Severity.CRITICAL, new ResourceRef(type, id), reason.apply(id), List.of(reason.apply(id)));
    }
}
