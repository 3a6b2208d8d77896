package io.trailguard.hardening;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.trailguard.HardeningProfile;
import io.trailguard.MotoServer;
import io.trailguard.remediation.DynamoDbCalls;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The dedup table as the infra creates it (partition key id S, TTL expiresAt), in moto, and a test's view of it. */
public final class DedupTable {

    private DedupTable() {
    }

    static DynamoDbClient client() {
        return DynamoDbClient.builder().endpointOverride(URI.create(MotoServer.endpoint())).region(Region.of(MotoServer.REGION))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
    }

    /** The function's calls on the table: signed, as in a deployed function. */
    static DynamoDbCalls items() {
        return new DynamoDbCalls(MotoServer.REGION, URI.create(MotoServer.endpoint()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")), Duration.ofSeconds(10));
    }

    public static void create() {
        try (DynamoDbClient dynamo = client()) {
            dynamo.createTable(b -> b.tableName(HardeningProfile.DEDUP_TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
            dynamo.updateTimeToLive(b -> b.tableName(HardeningProfile.DEDUP_TABLE)
                    .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
        }
    }

    /** The item of a key, empty when absent. */
    static Map<String, AttributeValue> item(String id) {
        try (DynamoDbClient dynamo = client()) {
            return dynamo.getItem(b -> b.tableName(HardeningProfile.DEDUP_TABLE).key(Map.of("id", AttributeValue.fromS(id)))
                    .consistentRead(true)).item();
        }
    }
}
