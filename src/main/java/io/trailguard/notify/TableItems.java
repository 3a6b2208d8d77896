package io.trailguard.notify;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * DynamoDB's item calls on the dedup table (the alert dedup here, the shared counts in engine/), made in remediation/
 * (signed with the function's credentials and written to the AWS call log like every other call). Items and answers
 * are DynamoDB's JSON ({@link AttributeValues}); a refused condition is thrown as {@link ConditionalCheckFailedException},
 * any other AWS error as the SDK's {@code AwsServiceException} with its code.
 */
public interface TableItems {

    void putItem(ItemRequest request);

    /** The answer's {@code Attributes} (as the request's ReturnValues asks), an empty object when none. */
    JsonNode updateItem(ItemRequest request);

    /** The answer's {@code Attributes} (ALL_OLD: the deleted item), an empty object when none. */
    JsonNode deleteItem(ItemRequest request);

    /** The item, an empty object when there is none. */
    JsonNode getItem(ItemRequest request);
}
