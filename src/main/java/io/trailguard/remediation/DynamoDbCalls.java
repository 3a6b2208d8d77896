package io.trailguard.remediation;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.notify.ConditionalCheckFailedException;
import io.trailguard.notify.ItemRequest;
import io.trailguard.notify.TableItems;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The DynamoDB calls trailguard makes (awsJson 1.0), signed, without the SDK's client: PutItem, UpdateItem, DeleteItem
 * and GetItem on the dedup table ({@link TableItems}), ListTagsOfResource and TagResource for {@link TagDynamoDbTable}.
 */
@ApplicationScoped
public class DynamoDbCalls implements TableItems {

    private final SignedJsonCall call;

    @Inject
    public DynamoDbCalls(AwsClientConfig config, AccountCredentials credentials) {
        this.call = SignedJsonCall.of("dynamodb", config, credentials);
    }

    /** DynamoDB of {@code region}, at {@code endpointOverride} when set (an emulator): for a caller outside CDI. */
    public DynamoDbCalls(String region, URI endpointOverride, AwsCredentialsProvider credentials, Duration timeout) {
        this.call = new SignedJsonCall("dynamodb", region, endpointOverride, credentials, timeout);
    }

    @Override
    public void putItem(ItemRequest request) {
        send("PutItem", request);
    }

    @Override
    public JsonNode updateItem(ItemRequest request) {
        return member(send("UpdateItem", request), "Attributes");
    }

    @Override
    public JsonNode deleteItem(ItemRequest request) {
        return member(send("DeleteItem", request), "Attributes");
    }

    @Override
    public JsonNode getItem(ItemRequest request) {
        return member(send("GetItem", request), "Item");
    }

    /** The table's tags, every page of them. */
    Map<String, String> tagsOf(String tableArn) {
        Map<String, String> tags = new HashMap<>();
        String next = null;
        do {
            ObjectNode request = JsonNodeFactory.instance.objectNode().put("ResourceArn", tableArn);
            if (next != null) {
                request.put("NextToken", next);
            }
            JsonNode page = call.target(SignedJsonCall.AwsJsonApi.DYNAMODB, "ListTagsOfResource", request);
            page.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
            next = page.path("NextToken").asText(null);
        } while (next != null);
        return tags;
    }

    /** Adds the tags; the table's others stay. */
    void tag(String tableArn, Map<String, String> tags) {
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("ResourceArn", tableArn);
        tags.forEach((key, value) -> request.withArray("Tags").addObject().put("Key", key).put("Value", value));
        call.target(SignedJsonCall.AwsJsonApi.DYNAMODB, "TagResource", request);
    }

    private JsonNode send(String operation, ItemRequest request) {
        try {
            return call.target(SignedJsonCall.AwsJsonApi.DYNAMODB, operation, request.json());
        } catch (AwsServiceException e) {
            if (e.awsErrorDetails() != null && "ConditionalCheckFailedException".equals(e.awsErrorDetails().errorCode())) {
                throw new ConditionalCheckFailedException(operation + ": " + e.awsErrorDetails().errorMessage());
            }
            throw e;
        }
    }

    private static JsonNode member(JsonNode answer, String name) {
        JsonNode value = answer.path(name);
        return value.isObject() ? value : JsonNodeFactory.instance.objectNode();
    }

    @PreDestroy
    void close() {
        call.close();
    }
}
