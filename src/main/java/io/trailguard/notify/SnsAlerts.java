package io.trailguard.notify;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;


/**
 * Publishes alerts to the policy's SNS topic: a short subject, a JSON body kept under SNS's 256 KB limit,
 * and policy/severity message attributes for subscription filter policies. Sent as a signed call
 * ({@link TopicMessages}), without the SDK's SNS client.
 */
@ApplicationScoped
public class SnsAlerts implements AlertTarget {

    /** 256 KB less room for the subject and the message attributes, which count towards SNS's limit. */
    static final int MAX_BODY_BYTES = 256 * 1024 - 4 * 1024;

    private final TopicMessages sns;
    private final ObjectMapper mapper;

    public SnsAlerts(TopicMessages sns, ObjectMapper mapper) {
        this.sns = sns;
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return "sns";
    }

    @Override
    public boolean configuredFor(Notice notice) {
        return notice.policy().snsTopicArn().isPresent();
    }

    @Override
    public String send(Notice notice) {
        publish(notice.policy().snsTopicArn().orElseThrow(), notice.alert());
        return "sent";
    }

    /** Publishes and returns the message id. */
    public String publish(String topicArn, Alert alert) {
        String body = AlertBody.json(alert, MAX_BODY_BYTES, mapper);
        return sns.publish(topicArn, alert.subject(), body, Map.of("policy", alert.policy(), "severity", alert.severity()));
    }
}
