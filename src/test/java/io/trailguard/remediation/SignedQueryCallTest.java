package io.trailguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.AwsCallRecorder;
import io.trailguard.MotoServer;
import io.trailguard.policy.HandlerNames;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * SNS's query protocol as {@link SignedQueryCall} and {@link SnsMessages} send it, against moto, read back with the
 * SDK's own clients: a message delivered with its subject and attributes, a topic attribute with characters XML
 * escapes, an error answer as the SDK's exception, and the call in the AWS call log.
 */
class SignedQueryCallTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final StaticCredentialsProvider TESTING = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    static SignedQueryCall sns;
    static SnsClient snsClient;
    static SqsClient sqsClient;

    @BeforeAll
    static void moto() {
        new MotoServer().start();
        URI moto = URI.create(MotoServer.endpoint());
        sns = new SignedQueryCall("sns", "2010-03-31", MotoServer.REGION, moto, TESTING, Duration.ofSeconds(10));
        snsClient = SnsClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(moto).credentialsProvider(TESTING)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        sqsClient = SqsClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(moto).credentialsProvider(TESTING)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @BeforeEach
    void reset() {
        MotoServer.reset();
    }

    @AfterAll
    static void close() {
        sns.close();
        snsClient.close();
        sqsClient.close();
    }

    @Test
    void aPublishedMessageArrivesWithItsSubjectAttributesAndText() throws IOException {
        String topic = snsClient.createTopic(b -> b.name("trailguard-alerts")).topicArn();
        String queue = sqsClient.createQueue(b -> b.queueName("alerts-envelopes")).queueUrl();
        // no raw delivery: SNS's envelope carries the subject and the message attributes
        snsClient.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint("arn:aws:sqs:" + MotoServer.REGION + ":" + MotoServer.ACCOUNT
                + ":alerts-envelopes"));
        String body = "{\"text\": \"a & b < c > d 'e' \\\"f\\\" é ✓ +%= \\n line\"}";
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("policy", "s3-public-bucket");
        attributes.put("severity", "HIGH");

        String id = AwsCallRecorder.asFunction(HandlerNames.S3, Map.of("trailguard.alerts.sns-topic-arn", topic),
                () -> new SnsMessages(sns).publish(topic, "trailguard: s3-public-bucket on b", body, attributes));

        assertTrue(id != null && !id.isBlank(), "a message id: " + id);
        List<Message> received = sqsClient.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)).messages();
        assertEquals(1, received.size(), received.toString());
        JsonNode delivered = JSON.readTree(received.get(0).body());
        assertEquals(body, delivered.path("Message").asText());
        assertEquals("trailguard: s3-public-bucket on b", delivered.path("Subject").asText());
        assertEquals("s3-public-bucket", delivered.path("MessageAttributes").path("policy").path("Value").asText(), delivered.toString());
        assertEquals("HIGH", delivered.path("MessageAttributes").path("severity").path("Value").asText());
        assertEquals(id, delivered.path("MessageId").asText());
        List<String> lines = Files.readAllLines(Path.of("target", "aws-calls", "unit-tests.jsonl"));
        JsonNode logged = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals("sns:Publish", logged.path("action").asText(), logged.toString());
        assertEquals(topic, logged.path("resources").path(0).asText());
    }

    @Test
    void anAttributeIsReadWithItsEscapedCharactersDecoded() {
        String topic = snsClient.createTopic(b -> b.name("escaped")).topicArn();
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"a&b<c>\",\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"SNS:Publish\",\"Resource\":\"" + topic + "\"}]}";
        sns.call("SetTopicAttributes", Map.of("TopicArn", topic, "AttributeName", "Policy", "AttributeValue", policy));

        String answer = sns.call("GetTopicAttributes", Map.of("TopicArn", topic));

        assertEquals(policy, SignedQueryCall.entry(answer, "Policy"));
        assertEquals(policy, snsClient.getTopicAttributes(b -> b.topicArn(topic)).attributes().get("Policy"), "the SDK reads the same");
        assertEquals(topic, SignedQueryCall.entry(answer, "TopicArn"));
        assertNull(SignedQueryCall.entry(answer, "NoSuchAttribute"));
    }

    @Test
    void anErrorAnswerIsThrownWithItsCodeAndStatus() {
        AwsServiceException missing = assertThrows(AwsServiceException.class,
                () -> sns.call("GetTopicAttributes", Map.of("TopicArn", "arn:aws:sns:us-east-1:" + MotoServer.ACCOUNT + ":none")));
        assertEquals("NotFound", missing.awsErrorDetails().errorCode(), missing.getMessage());
        assertEquals(404, missing.statusCode());
        assertTrue(missing.getMessage().startsWith("NotFound: "), missing.getMessage());
    }

    @Test
    void anUnreachableServiceIsAClientException() {
        try (SignedQueryCall nowhere = new SignedQueryCall("sns", "2010-03-31", MotoServer.REGION, URI.create("http://127.0.0.1:9"),
                TESTING, Duration.ofSeconds(2))) {
            SdkClientException failed = assertThrows(SdkClientException.class, () -> nowhere.call("ListTopics", Map.of()));
            assertTrue(failed.getMessage().startsWith("sns ListTopics: "), failed.getMessage());
        }
    }

    @Test
    void textsAreReadWithEntitiesDecodedAndMissingElementsAsNull() {
        String xml = "<R><A>x &amp;amp; &lt;y&gt; &quot;&apos; &#233;&#x2713; &bogus; &#xZZ;</A><Empty></Empty></R>";
        assertEquals("x &amp; <y> \"' é✓ &bogus; &#xZZ;", SignedQueryCall.text(xml, "A"));
        assertEquals("", SignedQueryCall.text(xml, "Empty"));
        assertNull(SignedQueryCall.text(xml, "Missing"));
        assertNull(SignedQueryCall.text("<A>unclosed", "A"));
    }
}
