package io.trailguard.notify;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/** Publishes alerts to SNS: a short subject, a JSON body, and policy/severity attributes for subscription filters. */
@ApplicationScoped
public class SnsAlerts {

    private final SnsClient sns;
    private final ObjectMapper mapper;

    public SnsAlerts(SnsClient sns, ObjectMapper mapper) {
        this.sns = sns;
        this.mapper = mapper;
    }

    /** Publishes and returns the message id. */
    public String publish(String topicArn, Alert alert) {
        String body;
        try {
            body = mapper.writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert not serialisable", e);
        }
        return sns.publish(b -> b.topicArn(topicArn)
                .subject(alert.subject())
                .message(body)
                .messageAttributes(Map.of(
                        "policy", text(alert.policy()),
                        "severity", text(alert.severity()))))
                .messageId();
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
