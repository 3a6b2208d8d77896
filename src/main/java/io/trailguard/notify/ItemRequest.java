package io.trailguard.notify;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON of one DynamoDB item call ({@link TableItems}), member by member as DynamoDB's API reference names them:
 * TableName, Key or Item, UpdateExpression, ConditionExpression, ExpressionAttributeNames and -Values, ReturnValues.
 */
public final class ItemRequest {

    private final ObjectNode json = JsonNodeFactory.instance.objectNode();

    private ItemRequest(String table) {
        json.put("TableName", table);
    }

    public static ItemRequest on(String table) {
        return new ItemRequest(table);
    }

    public ItemRequest key(Map<String, ? extends JsonNode> key) {
        json.putObject("Key").setAll(key);
        return this;
    }

    public ItemRequest item(Map<String, ? extends JsonNode> item) {
        json.putObject("Item").setAll(item);
        return this;
    }

    public ItemRequest update(String expression) {
        json.put("UpdateExpression", expression);
        return this;
    }

    public ItemRequest condition(String expression) {
        json.put("ConditionExpression", expression);
        return this;
    }

    public ItemRequest names(Map<String, String> names) {
        ObjectNode node = json.putObject("ExpressionAttributeNames");
        names.forEach(node::put);
        return this;
    }

    public ItemRequest values(Map<String, ? extends JsonNode> values) {
        json.putObject("ExpressionAttributeValues").setAll(values);
        return this;
    }

    /** ALL_NEW, ALL_OLD: which attributes the answer holds. */
    public ItemRequest returnValues(String which) {
        json.put("ReturnValues", which);
        return this;
    }

    public ItemRequest consistentRead() {
        json.put("ConsistentRead", true);
        return this;
    }

    /** The request's JSON (a copy: the request may be sent again). */
    public ObjectNode json() {
        return json.deepCopy();
    }
}
