package io.trailguard.remediation;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.PreDestroy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;

/**
 * Removes the public statements from an SNS topic's policy, read live. A topic always has a policy: one left
 * with no statement gets SNS's own default back, which allows only the owner account.
 */
@ApplicationScoped
public class RemovePublicTopicPolicyStatements implements ActionExecutor {

    public static final String NAME = "sns.remove-public-policy-statements";

    private static final List<String> DEFAULT_ACTIONS = List.of("SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
            "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish");

    private final SignedQueryCall sns;
    private final ObjectMapper mapper;

    public RemovePublicTopicPolicyStatements(AwsClientConfig config, AccountCredentials credentials, ObjectMapper mapper) {
        this.sns = SignedQueryCall.sns(config, credentials);
        this.mapper = mapper;
    }

    public static ActionSpec spec(String topicArn) {
        return ActionSpec.of(NAME, "topic-arn", topicArn);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(new Permission("sns:GetTopicAttributes", "${topic-arn}"), new Permission("sns:SetTopicAttributes", "${topic-arn}"));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.string(spec, "topic-arn", arn -> AwsIdentifiers.isArnOf(arn, "sns") && arn.split(":").length == 6,
                "an SNS topic ARN");
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("topic-arn");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        return PublicStatements.any(livePolicy(spec.string("topic-arn")));
    }

    @Override
    public void apply(ActionSpec spec) {
        String topicArn = spec.string("topic-arn");
        JsonNode policy = livePolicy(topicArn);
        if (policy == null) {
            return;
        }
        String remaining = PublicStatements.without(policy).orElseGet(() -> ownerOnly(topicArn));
        sns.call("SetTopicAttributes", Map.of("TopicArn", topicArn, "AttributeName", "Policy", "AttributeValue", remaining));
    }

    private JsonNode livePolicy(String topicArn) {
        String attributes = sns.call("GetTopicAttributes", Map.of("TopicArn", topicArn));
        return PublicStatements.parse(mapper, SignedQueryCall.entry(attributes, "Policy"), "topic " + topicArn);
    }

    /** SNS's default topic policy: the owner account's principals may manage and publish, no one else. */
    private String ownerOnly(String topicArn) {
        ObjectNode policy = mapper.createObjectNode().put("Version", "2008-10-17").put("Id", "__default_policy_ID");
        ObjectNode statement = policy.putArray("Statement").addObject().put("Sid", "__default_statement_ID").put("Effect", "Allow");
        statement.putObject("Principal").put("AWS", "*");
        ArrayNode actions = statement.putArray("Action");
        DEFAULT_ACTIONS.forEach(actions::add);
        statement.put("Resource", topicArn);
        statement.putObject("Condition").putObject("StringEquals").put("AWS:SourceOwner", topicArn.split(":")[4]);
        return policy.toString();
    }

    @PreDestroy
    void close() {
        sns.close();
    }
}
