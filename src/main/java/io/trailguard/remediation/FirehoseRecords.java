package io.trailguard.remediation;

import java.util.Base64;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.notify.DeliveryStreams;

/** Firehose's PutRecord (awsJson 1.1, the record's data in base64) as a signed call, without the SDK's client. */
@ApplicationScoped
public class FirehoseRecords implements DeliveryStreams {

    private final SignedJsonCall call;

    public FirehoseRecords(AwsClientConfig config, AccountCredentials credentials) {
        this.call = SignedJsonCall.of("firehose", config, credentials);
    }

    @Override
    public void putRecord(String deliveryStream, byte[] data) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("DeliveryStreamName", deliveryStream);
        body.putObject("Record").put("Data", Base64.getEncoder().encodeToString(data));
        call.target(SignedJsonCall.AwsJsonApi.FIREHOSE, "PutRecord", body);
    }

    @PreDestroy
    void close() {
        call.close();
    }
}
