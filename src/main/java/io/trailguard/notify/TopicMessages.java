package io.trailguard.notify;

import java.util.Map;

/** Publishes a message to an SNS topic, with the function's own credentials (remediation/SnsMessages). */
public interface TopicMessages {

    /** Publishes {@code message} under {@code subject} with String message {@code attributes}; returns the message id. */
    String publish(String topicArn, String subject, String message, Map<String, String> attributes);
}
