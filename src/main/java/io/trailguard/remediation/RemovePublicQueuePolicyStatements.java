package io.trailguard.remediation;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;

/**
 * Removes the public statements from an SQS queue's policy, read live; an empty value removes a policy left with none.
 * SQS's awsJson API as signed calls ({@link SignedJsonCall}), without the SDK's client.
 */
@ApplicationScoped
public class RemovePublicQueuePolicyStatements implements ActionExecutor {

    public static final String NAME = "sqs.remove-public-policy-statements";

    private final SignedJsonCall sqs;
    private final ObjectMapper mapper;

    public RemovePublicQueuePolicyStatements(AwsClientConfig config, AccountCredentials credentials, ObjectMapper mapper) {
        this.sqs = SignedJsonCall.of("sqs", config, credentials);
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
        ObjectNode request = queue(queueUrl);
        request.putObject("Attributes").put("Policy", remaining);
        sqs.target(SignedJsonCall.AwsJsonApi.SQS, "SetQueueAttributes", request);
    }

    private JsonNode livePolicy(String queueUrl) {
        ObjectNode request = queue(queueUrl);
        request.putArray("AttributeNames").add("Policy");
        String text = sqs.target(SignedJsonCall.AwsJsonApi.SQS, "GetQueueAttributes", request).path("Attributes").path("Policy").asText(null);
        return PublicStatements.parse(mapper, text, "queue " + queueUrl);
    }

    private static ObjectNode queue(String queueUrl) {
        return JsonNodeFactory.instance.objectNode().put("QueueUrl", queueUrl);
    }

    @PreDestroy
    void close() {
        sqs.close();
    }
}
