package io.trailguard.remediation;

import java.util.HashMap;
import java.util.Map;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** Adds tags to a DynamoDB table by ARN; TagResource adds, it never drops other tags. */
public record TagDynamoDbTable(DynamoDbClient dynamoDb, String tableArn, Map<String, String> tags) implements Remediation {

    public TagDynamoDbTable {
        tags = Map.copyOf(tags);
    }

    @Override
    public String action() {
        return "dynamodb:TagResource";
    }

    @Override
    public String target() {
        return tableArn + " " + tags.keySet();
    }

    @Override
    public boolean needed() {
        Map<String, String> live = new HashMap<>();
        String next = null;
        do {
            String token = next;
            ListTagsOfResourceResponse page = dynamoDb.listTagsOfResource(b -> b.resourceArn(tableArn).nextToken(token));
            page.tags().forEach(t -> live.put(t.key(), t.value()));
            next = page.nextToken();
        } while (next != null);
        return !live.entrySet().containsAll(tags.entrySet());
    }

    @Override
    public void apply() {
        dynamoDb.tagResource(b -> b.resourceArn(tableArn)
                .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
    }
}
