package io.trailguard.remediation;

import static io.trailguard.notify.AttributeValues.n;
import static io.trailguard.notify.AttributeValues.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.trailguard.MotoServer;
import io.trailguard.notify.AttributeValues;
import io.trailguard.notify.ConditionalCheckFailedException;
import io.trailguard.notify.ItemRequest;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** DynamoDB's item and tag calls as signed JSON against moto: what the dedup and counter stores and the tagging executor rely on. */
class DynamoDbCallsTest {

    static final String TABLE = "tg-dynamodb-calls";
    static DynamoDbCalls dynamoDb;
    static String tableArn;

    @BeforeAll
    static void table() throws IOException {
        new MotoServer().start();
        URI moto = URI.create(MotoServer.endpoint());
        dynamoDb = new DynamoDbCalls(MotoServer.REGION, moto, SignedJsonCallTest.TESTING, Duration.ofSeconds(10));
        try (SignedJsonCall setUp = new SignedJsonCall("dynamodb", MotoServer.REGION, moto, SignedJsonCallTest.TESTING, Duration.ofSeconds(10))) {
            JsonNode created = setUp.target(SignedJsonCall.AwsJsonApi.DYNAMODB, "CreateTable", SignedJsonCallTest.JSON.readTree("""
                    {"TableName": "tg-dynamodb-calls", "BillingMode": "PAY_PER_REQUEST",
                     "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                     "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}"""));
            tableArn = created.path("TableDescription").path("TableArn").asText();
        }
    }

    @AfterAll
    static void close() {
        dynamoDb.close();
    }

    @Test
    void aConditionalWriteRefusedIsConditionalCheckFailedAndLeavesTheItem() {
        ItemRequest put = ItemRequest.on(TABLE).item(Map.of("id", s("k"), "expiresAt", n(100))).condition("attribute_not_exists(id)");
        dynamoDb.putItem(put);
        assertThrows(ConditionalCheckFailedException.class, () -> dynamoDb.putItem(put));

        JsonNode updated = dynamoDb.updateItem(ItemRequest.on(TABLE).key(Map.of("id", s("k"))).update("ADD #n :one")
                .names(Map.of("#n", "count")).values(Map.of(":one", n(1))).returnValues("ALL_NEW"));
        assertEquals(1, AttributeValues.n(updated, "count"));
        assertEquals(100, AttributeValues.n(dynamoDb.getItem(ItemRequest.on(TABLE).key(Map.of("id", s("k"))).consistentRead()), "expiresAt"));
        assertEquals("k", AttributeValues.s(dynamoDb.deleteItem(ItemRequest.on(TABLE).key(Map.of("id", s("k"))).returnValues("ALL_OLD")), "id"));
        assertEquals(0, dynamoDb.getItem(ItemRequest.on(TABLE).key(Map.of("id", s("k")))).size(), "gone: an empty item");
    }

    @Test
    void anotherErrorKeepsItsCode() {
        AwsServiceException missing = assertThrows(AwsServiceException.class,
                () -> dynamoDb.putItem(ItemRequest.on("tg-no-such-table").item(Map.of("id", s("k")))));
        assertEquals("ResourceNotFoundException", missing.awsErrorDetails().errorCode());
    }

    @Test
    void tagsAreAddedAndReadBack() {
        dynamoDb.tag(tableArn, Map.of("owner", "team-a"));
        dynamoDb.tag(tableArn, Map.of("cost-center", "42"));
        assertEquals(Map.of("owner", "team-a", "cost-center", "42"), dynamoDb.tagsOf(tableArn));
    }
}
