package io.trailguard.remediation;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;

/** Adds tags to a DynamoDB table by ARN; TagResource adds, it never drops other tags. */
@ApplicationScoped
public class TagDynamoDbTable implements ActionExecutor {

    public static final String NAME = "dynamodb.tag-table";

    private final DynamoDbCalls dynamoDb;

    public TagDynamoDbTable(DynamoDbCalls dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    public static ActionSpec spec(String tableArn, Map<String, String> tags) {
        return ActionSpec.of(NAME, "table-arn", tableArn, "tags", tags);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        return List.of(new Permission("dynamodb:ListTagsOfResource", "${table-arn}"), new Permission("dynamodb:TagResource", "${table-arn}"));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.first(ParamCheck.string(spec, "table-arn", arn -> AwsIdentifiers.isArnOf(arn, "dynamodb"), "a DynamoDB table ARN"),
                ParamCheck.tags(spec));
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("table-arn") + " " + spec.map("tags").keySet();
    }

    @Override
    public boolean needed(ActionSpec spec) {
        return !dynamoDb.tagsOf(spec.string("table-arn")).entrySet().containsAll(spec.map("tags").entrySet());
    }

    @Override
    public void apply(ActionSpec spec) {
        dynamoDb.tag(spec.string("table-arn"), spec.map("tags"));
    }
}
