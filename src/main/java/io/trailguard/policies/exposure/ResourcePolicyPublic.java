package io.trailguard.policies.exposure;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Severity;
import io.trailguard.predicates.PublicAccess;
import io.trailguard.remediation.RemovePublicQueuePolicyStatements;
import io.trailguard.remediation.RemovePublicRepositoryPolicyStatements;
import io.trailguard.remediation.RemovePublicSecretPolicyStatements;
import io.trailguard.remediation.RemovePublicTopicPolicyStatements;
import io.trailguard.remediation.RemovePublicVaultPolicyStatements;

/**
 * A resource policy opened to anyone: an SQS queue, SNS topic, ECR repository, Secrets Manager secret or S3
 * Glacier vault given a statement allowing {@code *} that no condition pins to known callers (as for a bucket
 * policy, {@link PublicAccess}). Enforce removes exactly those statements from the live policy, one executor per
 * service so each function is granted only its own service's calls.
 */
@ApplicationScoped
public class ResourcePolicyPublic implements Policy {

    private final ObjectMapper mapper;

    public ResourcePolicyPublic(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return "resource-policy-public";
    }

    @Override
    public String handler() {
        return HandlerNames.SHARING;
    }

    @Override
    public String description() {
        return "SQS, SNS, ECR, Secrets Manager or Glacier resource policy opened to anyone";
    }

    @Override
    public String pattern() {
        return """
                {"source": ["aws.sqs", "aws.sns", "aws.ecr", "aws.secretsmanager", "aws.glacier"],
                 "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["sqs.amazonaws.com", "sns.amazonaws.com", "ecr.amazonaws.com",
                                            "secretsmanager.amazonaws.com", "glacier.amazonaws.com"],
                            "eventName": ["SetQueueAttributes", "CreateQueue", "SetTopicAttributes", "CreateTopic",
                                          "SetRepositoryPolicy", "PutResourcePolicy", "SetVaultAccessPolicy"]}}
                """;
    }

    @Override
    public List<String> actions() {
        return List.of(RemovePublicQueuePolicyStatements.NAME, RemovePublicTopicPolicyStatements.NAME, RemovePublicRepositoryPolicyStatements.NAME,
                RemovePublicSecretPolicyStatements.NAME, RemovePublicVaultPolicyStatements.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.SQS_QUEUE, ResourceRef.SNS_TOPIC, ResourceRef.ECR_REPOSITORY, ResourceRef.SECRETSMANAGER_SECRET,
                ResourceRef.GLACIER_VAULT);
    }

    @Override
    public Mode defaultMode() {
        // like a public bucket policy: the statements for anyone go, every other grant stays
        return Mode.ENFORCE;
    }

    @Override
    public FailedCalls failedCalls() {
        // a refused public policy (a secret's BlockPublicPolicy, a denied call) is an attempt at exposure
        return FailedCalls.ALERT;
    }

    @Override
    public List<String> attackTechniques() {
        // Data from Cloud Storage; Cloud Secrets Management Stores for a secret
        return List.of("T1530", "T1555.006");
    }

    @Override
    public Optional<String> runbook() {
        return Optional.of("https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html");
    }

    @Override
    public List<String> findingTypes() {
        return List.of("Effects/Data Exposure", "Software and Configuration Checks/AWS Security Best Practices");
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        JsonNode request = orMissing(detail.requestParameters());
        JsonNode response = orMissing(detail.responseElements());
        return switch (detail.eventSource() + " " + detail.eventName()) {
            case "sqs.amazonaws.com SetQueueAttributes" -> judge(request.path("attributes").get("Policy"), "queue",
                    text(request, "queueUrl"), ResourceRef.SQS_QUEUE, RemovePublicQueuePolicyStatements::spec);
            case "sqs.amazonaws.com CreateQueue" -> judge(request.path("attributes").get("Policy"), "queue",
                    text(response, "queueUrl"), ResourceRef.SQS_QUEUE, RemovePublicQueuePolicyStatements::spec);
            case "sns.amazonaws.com SetTopicAttributes" -> "Policy".equalsIgnoreCase(text(request, "attributeName"))
                    ? judge(request.get("attributeValue"), "topic", text(request, "topicArn"), ResourceRef.SNS_TOPIC,
                            RemovePublicTopicPolicyStatements::spec)
                    : Decision.noMatch("attribute " + text(request, "attributeName") + " is not Policy");
            case "sns.amazonaws.com CreateTopic" -> judge(request.path("attributes").get("Policy"), "topic",
                    text(response, "topicArn"), ResourceRef.SNS_TOPIC, RemovePublicTopicPolicyStatements::spec);
            case "ecr.amazonaws.com SetRepositoryPolicy" -> judge(request.get("policyText"), "repository",
                    text(request, "repositoryName"), ResourceRef.ECR_REPOSITORY, RemovePublicRepositoryPolicyStatements::spec);
            case "secretsmanager.amazonaws.com PutResourcePolicy" -> judge(request.get("resourcePolicy"), "secret",
                    text(request, "secretId"), ResourceRef.SECRETSMANAGER_SECRET, RemovePublicSecretPolicyStatements::spec);
            case "glacier.amazonaws.com SetVaultAccessPolicy" -> judge(request.path("policy").get("policy"), "vault",
                    text(request, "vaultName"), ResourceRef.GLACIER_VAULT, RemovePublicVaultPolicyStatements::spec);
            default -> Decision.noMatch("not a resource policy call");
        };
    }

    private Decision judge(JsonNode logged, String kind, String id, String type, Function<String, ActionSpec> removal) {
        if (logged == null || logged.isNull() || logged.isMissingNode()) {
            return Decision.noMatch("no policy set");
        }
        if (id == null) {
            return Decision.noMatch("the event names no " + kind);
        }
        JsonNode policy = logged;
        if (logged.isTextual()) {
            try {
                policy = mapper.readTree(logged.asText());
            } catch (JsonProcessingException e) {
                return Decision.noMatch("the " + kind + " policy is not JSON");
            }
        }
        if (policy == null || !policy.isObject()) {
            return Decision.noMatch("the " + kind + " policy is not a JSON object");
        }
        List<String> findings = new ArrayList<>();
        List<JsonNode> statements = PublicAccess.statements(policy);
        for (int i = 0; i < statements.size(); i++) {
            if (PublicAccess.isPublic(statements.get(i))) {
                String sid = statements.get(i).path("Sid").asText("");
                findings.add("statement " + (sid.isEmpty() ? "#" + i : sid) + " allows Principal * without a restricting condition");
            }
        }
        if (findings.isEmpty()) {
            return Decision.noMatch(kind + " policy grants no public access");
        }
        // the id as given, valid or not: the executor refuses an invalid one, so the finding is alerted and nothing done
        return Decision.remediate(Severity.HIGH, new ResourceRef(type, id), kind + " " + id + " policy made public", findings,
                List.of(removal.apply(id)));
    }

    private static JsonNode orMissing(JsonNode node) {
        return node == null || !node.isObject() ? MissingNode.getInstance() : node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : null;
    }
}
