package io.trailguard;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The alert topic in moto with an SQS queue subscribed to it (raw delivery), so tests read back what was published. */
public final class AlertInbox implements AutoCloseable {

    public static final String TOPIC = "trailguard-alerts";

    private final SqsClient sqs;
    private final String queueUrl;

    private AlertInbox(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public static AlertInbox create(SnsClient sns) {
        return create(sns, "alerts-inbox", null);
    }

    /** A queue of its own receiving only what an SNS subscription filter policy on the message attributes lets through. */
    public static AlertInbox filtered(SnsClient sns, String queueName, String filterPolicy) {
        return create(sns, queueName, filterPolicy);
    }

    private static AlertInbox create(SnsClient sns, String queueName, String filterPolicy) {
        SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(MotoServer.endpoint()))
                .region(Region.of(MotoServer.REGION)).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
        String topicArn = sns.createTopic(b -> b.name(TOPIC)).topicArn();
        String queueUrl = sqs.createQueue(b -> b.queueName(queueName)).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        Map<String, String> attributes = new java.util.HashMap<>(Map.of("RawMessageDelivery", "true"));
        if (filterPolicy != null) {
            attributes.put("FilterPolicy", filterPolicy);
        }
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn).attributes(attributes));
        return new AlertInbox(sqs, queueUrl);
    }

    /** Every message delivered so far. */
    public List<String> messages() {
        List<String> bodies = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return bodies;
            }
            for (Message m : batch) {
                bodies.add(m.body());
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    @Override
    public void close() {
        sqs.close();
    }
}
