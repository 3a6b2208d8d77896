package io.trailguard.policies;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.RepositoryPolicyNotFoundException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * resource-policy-public end to end: a public policy put on a queue, topic, repository or secret in moto, the
 * event that did it, the live policy after. moto has no Glacier vault access policies: PublicStatementsTest
 * covers the trimming the Glacier executor shares and its refusals.
 */
@QuarkusTest
class ResourcePolicyPublicRemediationTest {

    static final String POLICY = "resource-policy-public";
    static final String ACCOUNT = "123456789012";
    static final String QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/" + ACCOUNT + "/orders-events";
    static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:" + ACCOUNT + ":orders-events";
    static final String SAMPLE_SECRET = "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:prod/payments/api-key-Ab12Cd";

    @Inject
    SqsClient sqs;
    @Inject
    SnsClient sns;
    @Inject
    EcrClient ecr;
    @Inject
    SecretsManagerClient secrets;
    @Inject
    ObjectMapper mapper;

    AlertInbox alerts;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
    }

    @Test
    void publicQueueStatementIsRemovedAndTheOwnersStays() throws Exception {
        sqs.createQueue(b -> b.queueName("orders-events"));
        setQueuePolicy(statement("OwnAccount", "{\"AWS\": \"arn:aws:iam::" + ACCOUNT + ":root\"}", "sqs:*", QUEUE_ARN),
                statement("AnyoneSend", "\"*\"", "sqs:SendMessage", QUEUE_ARN));

        String event = SampleEvents.read(POLICY, "sqs-set-queue-attributes-public");
        Lambda.invoke(event).statusCode(200)
                .body("decisions[0].actions.action", equalTo(List.of("sqs.remove-public-policy-statements")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(List.of("OwnAccount"), sids(queuePolicy()));
        assertAlert();
        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("already-compliant")));
    }

    @Test
    void queuePolicyOfOnlyPublicStatementsIsRemoved() throws Exception {
        sqs.createQueue(b -> b.queueName("orders-events"));
        setQueuePolicy(statement("AnyoneSend", "\"*\"", "sqs:SendMessage", QUEUE_ARN));

        Lambda.invoke(SampleEvents.read(POLICY, "sqs-create-queue-with-public-policy")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        String left = sqs.getQueueAttributes(b -> b.queueUrl(QUEUE_URL).attributeNames(QueueAttributeName.POLICY)).attributes()
                .get(QueueAttributeName.POLICY);
        assertTrue(left == null || left.isBlank(), "no policy left: " + left);
    }

    @Test
    void publicTopicStatementIsRemovedAndTheDefaultOwnerStatementStays() throws Exception {
        String topic = sns.createTopic(b -> b.name("billing-alerts")).topicArn();
        String event = SampleEvents.read(POLICY, "sns-set-topic-attributes-public");
        JsonNode logged = mapper.readTree(event).path("detail").path("requestParameters").path("attributeValue");
        sns.setTopicAttributes(b -> b.topicArn(topic).attributeName("Policy").attributeValue(logged.asText()));

        Lambda.invoke(event).statusCode(200)
                .body("decisions[0].actions.action", equalTo(List.of("sns.remove-public-policy-statements")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        JsonNode left = mapper.readTree(sns.getTopicAttributes(b -> b.topicArn(topic)).attributes().get("Policy"));
        assertEquals(List.of("__default_statement_ID"), sids(left));
        assertEquals(ACCOUNT, left.path("Statement").get(0).path("Condition").path("StringEquals").path("AWS:SourceOwner").asText());
        assertAlert();
    }

    @Test
    void publicRepositoryPolicyIsDeletedWhenNothingElseIsLeft() throws Exception {
        ecr.createRepository(b -> b.repositoryName("payments/api"));
        String event = SampleEvents.read(POLICY, "ecr-set-repository-policy-public-pull");
        String logged = mapper.readTree(event).path("detail").path("requestParameters").path("policyText").asText();
        ecr.setRepositoryPolicy(b -> b.repositoryName("payments/api").policyText(logged));

        Lambda.invoke(event).statusCode(200).body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertThrows(RepositoryPolicyNotFoundException.class, () -> ecr.getRepositoryPolicy(b -> b.repositoryName("payments/api")));
        assertAlert();
    }

    @Test
    void publicSecretStatementIsRemovedAndTheRoleGrantStays() throws Exception {
        String arn = secrets.createSecret(b -> b.name("prod/payments/api-key").secretString("not-a-real-secret")).arn();
        secrets.putResourcePolicy(b -> b.secretId(arn).resourcePolicy("{\"Version\":\"2012-10-17\",\"Statement\":["
                + statement("AppRole", "{\"AWS\": \"arn:aws:iam::" + ACCOUNT + ":role/payments-app\"}", "secretsmanager:GetSecretValue", "*") + ","
                + statement("ReadForAll", "{\"AWS\": \"*\"}", "secretsmanager:GetSecretValue", "*") + "]}"));

        Lambda.invoke(SampleEvents.read(POLICY, "secretsmanager-put-resource-policy-public").replace(SAMPLE_SECRET, arn)).statusCode(200)
                .body("decisions[0].actions.action", equalTo(List.of("secretsmanager.remove-public-policy-statements")))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(List.of("AppRole"), sids(mapper.readTree(secrets.getResourcePolicy(b -> b.secretId(arn)).resourcePolicy())));
        assertAlert();
    }

    @Test
    void publicRepositoryStatementIsRemovedAndTheAccountPullStays() throws Exception {
        ecr.createRepository(b -> b.repositoryName("payments/api"));
        ecr.setRepositoryPolicy(b -> b.repositoryName("payments/api").policyText("{\"Version\":\"2012-10-17\",\"Statement\":["
                + statement("CiPull", "{\"AWS\": \"arn:aws:iam::" + ACCOUNT + ":role/ci\"}", "ecr:BatchGetImage", "*") + ","
                + statement("PublicPull", "\"*\"", "ecr:BatchGetImage", "*") + "]}"));

        Lambda.invoke(SampleEvents.read(POLICY, "ecr-set-repository-policy-public-pull")).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertEquals(List.of("CiPull"), sids(mapper.readTree(ecr.getRepositoryPolicy(b -> b.repositoryName("payments/api")).policyText())));
        assertAlert();
    }

    @Test
    void secretPolicyOfOnlyPublicStatementsIsDeleted() throws Exception {
        String arn = secrets.createSecret(b -> b.name("prod/payments/api-key").secretString("not-a-real-secret")).arn();
        secrets.putResourcePolicy(b -> b.secretId(arn).resourcePolicy("{\"Version\":\"2012-10-17\",\"Statement\":["
                + statement("ReadForAll", "{\"AWS\": \"*\"}", "secretsmanager:GetSecretValue", "*") + "]}"));

        Lambda.invoke(SampleEvents.read(POLICY, "secretsmanager-put-resource-policy-public").replace(SAMPLE_SECRET, arn)).statusCode(200)
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")));

        assertNull(secrets.getResourcePolicy(b -> b.secretId(arn)).resourcePolicy(), "no resource policy left");
        assertAlert();
    }

    private void setQueuePolicy(String... statements) {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
        sqs.setQueueAttributes(b -> b.queueUrl(QUEUE_URL).attributes(Map.of(QueueAttributeName.POLICY, policy)));
    }

    private JsonNode queuePolicy() throws Exception {
        return mapper.readTree(sqs.getQueueAttributes(b -> b.queueUrl(QUEUE_URL).attributeNames(QueueAttributeName.POLICY)).attributes()
                .get(QueueAttributeName.POLICY));
    }

    private static String statement(String sid, String principal, String action, String resource) {
        return "{\"Sid\":\"" + sid + "\",\"Effect\":\"Allow\",\"Principal\":" + principal + ",\"Action\":\"" + action + "\",\"Resource\":\""
                + resource + "\"}";
    }

    private static List<String> sids(JsonNode policy) {
        List<String> sids = new ArrayList<>();
        policy.path("Statement").forEach(s -> sids.add(s.path("Sid").asText()));
        return sids;
    }

    private void assertAlert() throws Exception {
        List<String> messages = alerts.messages();
        assertEquals(1, messages.size(), "one alert");
        JsonNode alert = mapper.readTree(messages.get(0));
        assertEquals(POLICY, alert.path("policy").asText());
        assertEquals("HIGH", alert.path("severity").asText());
    }
}
