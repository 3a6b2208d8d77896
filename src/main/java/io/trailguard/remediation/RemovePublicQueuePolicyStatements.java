package io.trailguard.remediation;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Removes the public statements from an SQS queue's policy, read live; an empty value removes a policy left with none. */
@ApplicationScoped
public class RemovePublicQueuePolicyStatements implements ActionExecutor {

    public static final String NAME = "sqs.remove-public-policy-statements";

    private final SqsClient sqs;
    private final ObjectMapper mapper;

    public RemovePublicQueuePolicyStatements(SqsClient sqs, ObjectMapper mapper) {
        this.sqs = sqs;
        this.mapper = mapper;
    }

    public static ActionSpec spec(String queueUrl) {
        return ActionSpec.of(NAME, "queue-url", queueUrl);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        // SQS permissions name the queue by ARN, which its URL does not spell out (no partition)
        String queue = "arn:aws:sqs:*:*:*";
        return List.of(new Permission("sqs:GetQueueAttributes", queue), new Permission("sqs:SetQueueAttributes", queue));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.string(spec, "queue-url", AwsIdentifiers::isQueueUrl, "an SQS queue URL");
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("queue-url");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        return PublicStatements.any(livePolicy(spec.string("queue-url")));
    }

    @Override
    public void apply(ActionSpec spec) {
        String queueUrl = spec.string("queue-url");
        JsonNode policy = livePolicy(queueUrl);
        if (policy == null) {
            return;
        }
        String remaining = PublicStatements.without(policy).orElse("");
        sqs.setQueueAttributes(b -> b.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY, remaining)));
    }

    private JsonNode livePolicy(String queueUrl) {
        String text = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.POLICY)).attributes()
                .get(QueueAttributeName.POLICY);
        return PublicStatements.parse(mapper, text, "queue " + queueUrl);
    }
}
