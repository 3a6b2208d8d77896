package io.trailguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import io.trailguard.AwsCallRecorder;
import io.trailguard.policy.HandlerNames;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Type;

/**
 * Each S3 request trailguard signs itself ({@link SignedS3Call}, the bucket executors) held to the request the SDK's own
 * S3 client sends for the same operation: both talk to one recording server, which answers as S3 does, and each of our
 * requests must equal the SDK's in method, path, query, content type and body (XML compared as written). Every body of
 * ours carries its Content-MD5, and the SDK's an integrity checksum (a Content-MD5 or, since 2.30, a flexible checksum).
 */
class S3RequestsTest {

    static final String BUCKET = "tg-bucket";
    static final String OWNER_ID = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a";
    static final String ACL = """
            <?xml version="1.0" encoding="UTF-8"?>
            <AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>%1$s</ID><DisplayName>me &amp; co</DisplayName></Owner>\
            <AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">\
            <ID>%1$s</ID><DisplayName>me &amp; co</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant>\
            <Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI>\
            </Grantee><Permission>READ</Permission></Grant>\
            <Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/s3/LogDelivery</URI>\
            </Grantee><Permission>WRITE</Permission></Grant></AccessControlList></AccessControlPolicy>""".formatted(OWNER_ID);
    static final String POLICY = """
            {"Version":"2012-10-17","Statement":[{"Sid":"Public","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::tg-bucket/*"},\
            {"Sid":"Owner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:*","Resource":"arn:aws:s3:::tg-bucket/*"}]}""";

    /** A request as S3 sees it; {@code checksum}: the integrity header it carries (Content-MD5 or x-amz-checksum-*), if any. */
    record Request(String method, String path, String query, String contentType, String body) {
    }

    final List<Request> requests = new ArrayList<>();
    final List<String> checksums = new ArrayList<>();
    final List<Boolean> contentHashSigned = new ArrayList<>();
    RecordingServer server;
    SignedS3Call call;
    S3Client sdk;

    @BeforeEach
    void start() throws IOException {
        MDC.clear();
        server = RecordingServer.start(this::answer);
        URI endpoint = server.endpoint();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        call = new SignedS3Call("us-east-1", endpoint, credentials, Duration.ofSeconds(5));
        sdk = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterEach
    void stop() {
        call.close();
        sdk.close();
        server.close();
    }

    @Test
    void thePublicAccessBlockIsReadAndWrittenAsTheSdkWould() {
        BlockPublicAccess executor = new BlockPublicAccess(call);
        List<Request> ours = ours(() -> {
            assertTrue(executor.needed(BlockPublicAccess.spec(BUCKET)), "all four off");
            executor.apply(BlockPublicAccess.spec(BUCKET));
        });
        sdk.getPublicAccessBlock(b -> b.bucket(BUCKET));
        sdk.putPublicAccessBlock(b -> b.bucket(BUCKET).publicAccessBlockConfiguration(c -> c
                .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
        assertSameRequests(ours);
    }

    @Test
    void anAclLosesItsPublicGrantsWithTheRequestsTheSdkWouldSend() {
        RemovePublicAclGrants executor = new RemovePublicAclGrants(call);
        List<Request> ours = ours(() -> {
            assertTrue(executor.needed(RemovePublicAclGrants.spec(BUCKET)));
            executor.apply(RemovePublicAclGrants.spec(BUCKET));
        });
        assertFalse(ours.get(1).body().contains("AllUsers"), ours.get(1).body());
        assertTrue(ours.get(1).body().contains("LogDelivery"), "other grants are kept: " + ours.get(1).body());

        sdk.getBucketAcl(b -> b.bucket(BUCKET));
        sdk.putBucketAcl(b -> b.bucket(BUCKET).accessControlPolicy(p -> p.owner(o -> o.id(OWNER_ID).displayName("me & co")).grants(
                Grant.builder().grantee(g -> g.type(Type.CANONICAL_USER).id(OWNER_ID).displayName("me & co")).permission(Permission.FULL_CONTROL).build(),
                Grant.builder().grantee(g -> g.type(Type.GROUP).uri("http://acs.amazonaws.com/groups/s3/LogDelivery")).permission(Permission.WRITE).build())));
        assertSameRequests(ours);
    }

    @Test
    void tagsAreMergedAndWrittenEscapedAsTheSdkWould() {
        TagBucket executor = new TagBucket(new BucketTags(call));
        List<Request> ours = ours(() -> executor.apply(TagBucket.spec(BUCKET, Map.of("team", "a<b>&\"c'"))));

        sdk.getBucketTagging(b -> b.bucket(BUCKET));
        sdk.putBucketTagging(b -> b.bucket(BUCKET).tagging(t -> t.tagSet(Tag.builder().key("owner").value("x & y").build(),
                Tag.builder().key("team").value("a<b>&\"c'").build())));
        assertSameRequests(ours);
    }

    @Test
    void versioningLoggingAndEncryptionAreWrittenAsTheSdkWould() {
        List<Request> ours = ours(() -> {
            new EnableBucketVersioning(call).apply(EnableBucketVersioning.spec(BUCKET));
            new EnableBucketLogging(call).apply(EnableBucketLogging.spec(BUCKET, "tg-logs", "logs/tg-bucket/"));
            new PutDefaultEncryption(call).apply(PutDefaultEncryption.spec(BUCKET, null));
            new PutDefaultEncryption(call).apply(PutDefaultEncryption.spec(BUCKET, "alias/tg"));
            new EnableBucketVersioning(call).needed(EnableBucketVersioning.spec(BUCKET));
            new EnableBucketLogging(call).needed(EnableBucketLogging.spec(BUCKET, "tg-logs", "logs/"));
        });
        sdk.putBucketVersioning(b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        sdk.putBucketLogging(b -> b.bucket(BUCKET).bucketLoggingStatus(l -> l.loggingEnabled(e -> e.targetBucket("tg-logs")
                .targetPrefix("logs/tg-bucket/"))));
        sdk.putBucketEncryption(b -> b.bucket(BUCKET).serverSideEncryptionConfiguration(c -> c.rules(r -> r
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)).bucketKeyEnabled(false))));
        sdk.putBucketEncryption(b -> b.bucket(BUCKET).serverSideEncryptionConfiguration(c -> c.rules(r -> r
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID("alias/tg"))
                .bucketKeyEnabled(true))));
        sdk.getBucketVersioning(b -> b.bucket(BUCKET));
        sdk.getBucketLogging(b -> b.bucket(BUCKET));
        assertSameRequests(ours);
    }

    @Test
    void theEncryptionIsReadAsTheSdkWould() {
        List<Request> ours = ours(() -> assertTrue(new PutDefaultEncryption(call).needed(PutDefaultEncryption.spec(BUCKET, null)),
                "no configuration: needed"));
        try {
            sdk.getBucketEncryption(b -> b.bucket(BUCKET));
        } catch (software.amazon.awssdk.services.s3.model.S3Exception expected) {
            assertEquals("ServerSideEncryptionConfigurationNotFoundError", expected.awsErrorDetails().errorCode());
        }
        assertSameRequests(ours);
    }

    @Test
    void aPolicyLosesItsPublicStatementsAsTheSdkWouldWriteIt() {
        RemovePublicPolicyStatements executor = new RemovePublicPolicyStatements(call, new ObjectMapper());
        List<Request> ours = ours(() -> executor.apply(RemovePublicPolicyStatements.spec(BUCKET)));
        assertFalse(ours.get(1).body().contains("Public"), ours.get(1).body());

        sdk.getBucketPolicy(b -> b.bucket(BUCKET));
        sdk.putBucketPolicy(b -> b.bucket(BUCKET).policy(ours.get(1).body()));
        sdk.deleteBucketPolicy(b -> b.bucket(BUCKET));
        List<Request> theirs = List.copyOf(requests);
        call.delete("DeleteBucketPolicy", BUCKET, "policy");
        assertEquals(theirs.get(2), requests.get(requests.size() - 1), "DeleteBucketPolicy");
        assertEquals(theirs.get(0), ours.get(0), "GetBucketPolicy");
        assertEquals(theirs.get(1), ours.get(1), "PutBucketPolicy");
    }

    @Test
    void objectsAreReadWrittenAndListedAsTheSdkWould() throws IOException {
        String key = "AWSLogs/123456789012/a b+c=d/é~_.-(1)*.json.gz";
        List<Request> ours = ours(() -> {
            try (InputStream in = call.getObject(BUCKET, key, null); InputStream version = call.getObject(BUCKET, key, "3/L4kqtJl40Nr8X8gdRQBpUMLUo")) {
                assertEquals("content", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                version.readAllBytes();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            call.listObjects(BUCKET, "audit/2026/", "token/+=");
        });
        sdk.getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
        sdk.getObjectAsBytes(b -> b.bucket(BUCKET).key(key).versionId("3/L4kqtJl40Nr8X8gdRQBpUMLUo"));
        sdk.listObjectsV2(b -> b.bucket(BUCKET).prefix("audit/2026/").continuationToken("token/+="));
        assertSameRequests(ours);

        Request put = ours(() -> call.putObject(BUCKET, "audit/2026/12/01/x.json", "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8),
                "application/json")).get(0);
        assertEquals(new Request("PUT", "/" + BUCKET + "/audit/2026/12/01/x.json", null, "application/json", "{\"a\":1}\n"), put);
        sdk.putObject(b -> b.bucket(BUCKET).key("audit/2026/12/01/x.json").contentType("application/json"), RequestBody.fromString("{\"a\":1}\n"));
        assertEquals(put.method() + put.path() + put.contentType(), requests.get(0).method() + requests.get(0).path() + requests.get(0).contentType(),
                "PutObject as the SDK sends it (its body goes aws-chunked, with a trailing checksum)");
    }

    @Test
    void thePayloadHashIsSentAndSigned() {
        ours(() -> call.get("GetBucketAcl", BUCKET, "acl"));
        ours(() -> new BlockPublicAccess(call).apply(BlockPublicAccess.spec(BUCKET)));
        assertEquals(List.of(true, true), contentHashSigned, "x-amz-content-sha256 present and in SignedHeaders");
    }

    /**
     * Our requests of {@code work}, made as the s3 function's but off the record (keys and buckets of a recording server,
     * no deployed function's evidence); the recording then starts afresh for the SDK's.
     */
    private List<Request> ours(Runnable work) {
        AwsCallRecorder.offTheRecord(HandlerNames.S3, () -> {
            work.run();
            return null;
        });
        List<Request> ours = List.copyOf(requests);
        for (int i = 0; i < ours.size(); i++) {
            if (ours.get(i).body() != null) {
                assertTrue(checksums.get(i).startsWith("Content-MD5"), "our body goes with its Content-MD5: " + ours.get(i));
            }
        }
        requests.clear();
        checksums.clear();
        return ours;
    }

    private void assertSameRequests(List<Request> ours) {
        assertEquals(ours.size(), requests.size(), "ours: " + ours + "\nthe SDK's: " + requests);
        for (int i = 0; i < ours.size(); i++) {
            assertEquals(requests.get(i), ours.get(i), "request " + i + " as the SDK sends it");
            if (ours.get(i).body() != null) {
                assertNotNull(checksums.get(i), "the SDK's body has an integrity checksum too: " + requests.get(i));
            }
        }
        requests.clear();
        checksums.clear();
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] in = exchange.getRequestBody().readAllBytes();
        String query = exchange.getRequestURI().getRawQuery();
        var headers = exchange.getRequestHeaders();
        String body = in.length == 0 ? null : new String(in, StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), query,
                body == null ? null : headers.getFirst("Content-Type"), body));
        String checksum = headers.getFirst("Content-MD5") != null ? "Content-MD5 " + headers.getFirst("Content-MD5")
                : headers.keySet().stream().filter(h -> h.toLowerCase().startsWith("x-amz-checksum-")).findFirst()
                        .or(() -> java.util.Optional.ofNullable(headers.getFirst("x-amz-trailer"))).orElse(null);
        checksums.add(checksum);
        String authorization = headers.getFirst("Authorization");
        contentHashSigned.add(headers.getFirst("x-amz-content-sha256") != null && authorization != null
                && authorization.contains("x-amz-content-sha256"));
        String method = exchange.getRequestMethod();
        String sub = query == null ? "" : query.split("[=&]")[0];
        if (method.equals("GET")) {
            switch (sub) {
                case "acl" -> send(exchange, 200, ACL);
                case "tagging" -> send(exchange, 200, "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet><Tag><Key>owner</Key>"
                        + "<Value>x &amp; y</Value></Tag></TagSet></Tagging>");
                case "publicAccessBlock" -> send(exchange, 200, "<PublicAccessBlockConfiguration><BlockPublicAcls>false</BlockPublicAcls>"
                        + "<IgnorePublicAcls>false</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy>"
                        + "<RestrictPublicBuckets>false</RestrictPublicBuckets></PublicAccessBlockConfiguration>");
                case "versioning" -> send(exchange, 200, "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>");
                case "logging" -> send(exchange, 200, "<BucketLoggingStatus xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>");
                case "encryption" -> send(exchange, 404, "<Error><Code>ServerSideEncryptionConfigurationNotFoundError</Code>"
                        + "<Message>The server side encryption configuration was not found</Message><RequestId>r1</RequestId></Error>");
                case "policy" -> send(exchange, 200, POLICY);
                case "list-type" -> send(exchange, 200, "<ListBucketResult><Name>tg-bucket</Name><KeyCount>0</KeyCount></ListBucketResult>");
                default -> send(exchange, 200, "content");
            }
        } else if (method.equals("DELETE")) {
            exchange.sendResponseHeaders(204, -1);
        } else {
            exchange.sendResponseHeaders(200, -1);
        }
        exchange.close();
    }

    private static void send(HttpExchange exchange, int status, String text) throws IOException {
        RecordingServer.send(exchange, status, "application/xml", text);
    }
}
