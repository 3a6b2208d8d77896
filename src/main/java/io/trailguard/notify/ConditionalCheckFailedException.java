package io.trailguard.notify;

/** DynamoDB refused a write because its condition expression was false: the expected answer of a conditional write. */
public class ConditionalCheckFailedException extends RuntimeException {

    public ConditionalCheckFailedException(String message) {
        super(message, null, false, false);
    }
}
