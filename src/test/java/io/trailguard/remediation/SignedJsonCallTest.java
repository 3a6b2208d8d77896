package io.trailguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.AwsCallRecorder;
import io.trailguard.MotoServer;
import io.trailguard.policy.HandlerNames;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The awsJson protocol of {@link SignedJsonCall} against moto: the answer's JSON, an error answer as the SDK's exception
 * with the code after {@code #}, and the call in the AWS call log with the resource its body names.
 */
class SignedJsonCallTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final StaticCredentialsProvider TESTING = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    static final SignedJsonCall.AwsJsonApi SSM = SignedJsonCall.AwsJsonApi.SSM;
    static final SignedJsonCall.AwsJsonApi DYNAMODB = SignedJsonCall.AwsJsonApi.DYNAMODB;

    static SignedJsonCall ssm;
    static SignedJsonCall dynamoDb;

    @BeforeAll
    static void moto() {
        new MotoServer().start();
        URI moto = URI.create(MotoServer.endpoint());
        ssm = new SignedJsonCall("ssm", MotoServer.REGION, moto, TESTING, Duration.ofSeconds(10));
        dynamoDb = new SignedJsonCall("dynamodb", MotoServer.REGION, moto, TESTING, Duration.ofSeconds(10));
    }

    @AfterAll
    static void close() {
        ssm.close();
        dynamoDb.close();
    }

    @Test
    void anAnswerIsItsJsonAndTheCallIsLoggedWithTheResourceItsBodyNames() throws IOException {
        ssm.target(SSM, "PutParameter", body(Map.of("Name", "/trailguard/rules", "Type", "SecureString", "Value", "v1", "Overwrite", true)));

        // as a function reading its rules parameter: the recorded line is evidence for infra's LeastPrivilegeTest, so a true one
        JsonNode answer = AwsCallRecorder.asFunction(HandlerNames.ALL, Map.of("trailguard.rules.ssm-parameter", "/trailguard/rules"),
                () -> ssm.target(SSM, "GetParameter", body(Map.of("Name", "/trailguard/rules", "WithDecryption", true))));

        assertEquals("v1", answer.path("Parameter").path("Value").asText(), answer.toString());
        List<String> lines = Files.readAllLines(Path.of("target", "aws-calls", "unit-tests.jsonl"));
        JsonNode logged = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals("ssm:GetParameter", logged.path("action").asText(), logged.toString());
        assertEquals("arn:aws:ssm:us-east-1:" + MotoServer.ACCOUNT + ":parameter/trailguard/rules", logged.path("resources").path(0).asText());
        assertEquals(MotoServer.REGION, logged.path("region").asText(), "the region of the signature");
    }

    @Test
    void anErrorAnswerIsThrownWithItsCodeAndStatus() {
        AwsServiceException missing = assertThrows(AwsServiceException.class,
                () -> ssm.target(SSM, "GetParameter", body(Map.of("Name", "/trailguard/none", "WithDecryption", true))));
        assertEquals("ParameterNotFound", missing.awsErrorDetails().errorCode());
        assertEquals(400, missing.statusCode());
        // the texts of audit records and alerts (class and message) name the code, as the SDK client's exception class did
        assertTrue(missing.getMessage().startsWith("ParameterNotFound: "), missing.getMessage());
    }

    @Test
    void aRefusedConditionIsThrownAsConditionalCheckFailedException() throws IOException {
        dynamoDb.target(DYNAMODB, "CreateTable", JSON.readTree("""
                {"TableName": "tg-signed", "BillingMode": "PAY_PER_REQUEST",
                 "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                 "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}"""));
        JsonNode put = JSON.readTree("""
                {"TableName": "tg-signed", "Item": {"id": {"S": "k"}}, "ConditionExpression": "attribute_not_exists(id)"}""");
        dynamoDb.target(DYNAMODB, "PutItem", put);

        AwsServiceException refused = assertThrows(AwsServiceException.class, () -> dynamoDb.target(DYNAMODB, "PutItem", put));
        // moto, as DynamoDB, answers com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException
        assertEquals("ConditionalCheckFailedException", refused.awsErrorDetails().errorCode());
        assertEquals(400, refused.statusCode());
        dynamoDb.target(DYNAMODB, "DeleteTable", body(Map.of("TableName", "tg-signed")));
    }

    @Test
    void anUnreachableServiceIsAClientException() {
        try (SignedJsonCall nowhere = new SignedJsonCall("ssm", MotoServer.REGION, URI.create("http://127.0.0.1:9"), TESTING,
                Duration.ofSeconds(2))) {
            SdkClientException failed = assertThrows(SdkClientException.class,
                    () -> nowhere.target(SSM, "GetParameter", body(Map.of("Name", "/trailguard/rules"))));
            assertTrue(failed.getMessage().startsWith("ssm GetParameter: "), failed.getMessage());
        }
    }

    private static ObjectNode body(Map<String, Object> members) {
        return JSON.valueToTree(members);
    }
}
