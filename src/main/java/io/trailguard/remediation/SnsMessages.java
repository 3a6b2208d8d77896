package io.trailguard.remediation;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.trailguard.notify.TopicMessages;

/**
 * SNS's Publish as a signed query call ({@link SignedQueryCall}), without the SDK's SNS client, always with the
 * function's own credentials, whatever account a decision acts in: the alert topic is the function's.
 */
@ApplicationScoped
public class SnsMessages implements TopicMessages {

    private final SignedQueryCall sns;

    @Inject
    public SnsMessages(AwsClientConfig config, AccountCredentials credentials) {
        this(SignedQueryCall.sns(config, credentials.own()));
    }

    SnsMessages(SignedQueryCall sns) {
        this.sns = sns;
    }

    @Override
    public String publish(String topicArn, String subject, String message, Map<String, String> attributes) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("TopicArn", topicArn);
        parameters.put("Subject", subject);
        parameters.put("Message", message);
        int n = 0;
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String entry = "MessageAttributes.entry." + ++n;
            parameters.put(entry + ".Name", attribute.getKey());
            parameters.put(entry + ".Value.DataType", "String");
            parameters.put(entry + ".Value.StringValue", attribute.getValue());
        }
        return SignedQueryCall.text(sns.call("Publish", parameters), "MessageId");
    }

    @PreDestroy
    void close() {
        sns.close();
    }
}
