package io.trailguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.MotoServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The product's call log on a client against moto: one line per call, the IAM action and ARN, no credential or value. */
class AwsCallLogTest {

    static final String SECRET_VALUE = "hunter2-webhook-token";
    static final String KEY_ID = "AKIDCALLLOGTEST";
    static final String SECRET_KEY = "call-log-secret-key";

    @TempDir
    Path dir;

    @Test
    void eachCallIsOneLineWithItsIamActionAndResourceAndNeitherCredentialsNorTheRequestBody() throws IOException {
        new MotoServer().start();
        Path log = dir.resolve("calls.jsonl");
        // outside an invocation (no logging context, so the unit tests' recorder leaves these calls out): the function's handler
        try (SsmClient ssm = SsmClient.builder().endpointOverride(URI.create(MotoServer.endpoint())).region(Region.of(MotoServer.REGION))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET_KEY)))
                .overrideConfiguration(c -> c.addExecutionInterceptor(new AwsCallLog(log))).build()) {
            ssm.putParameter(b -> b.name("/tg/call-log/webhook").type(ParameterType.SECURE_STRING).value(SECRET_VALUE).overwrite(true));
            assertEquals(SECRET_VALUE, ssm.getParameter(b -> b.name("/tg/call-log/webhook").withDecryption(true)).parameter().value());
        }

        String text = Files.readString(log);
        for (String secret : List.of(SECRET_VALUE, KEY_ID, SECRET_KEY)) {
            assertFalse(text.contains(secret), "the log holds no credential nor parameter value: " + text);
        }
        List<String> lines = text.lines().toList();
        assertEquals(2, lines.size(), text);
        ObjectMapper json = new ObjectMapper();
        JsonNode put = json.readTree(lines.get(0));
        JsonNode get = json.readTree(lines.get(1));
        assertEquals(List.of("ssm:PutParameter", "ssm:GetParameter"), List.of(put.path("action").asText(), get.path("action").asText()));
        assertEquals("all", get.path("handler").asText(), "quarkus.lambda.handler's default");
        assertTrue(get.path("policy").isNull(), "no decision runs");
        assertEquals(AwsCallLog.OWN, get.path("principal").asText());
        assertEquals(MotoServer.REGION, get.path("region").asText(), "the region of SigV4's credential scope");
        assertEquals(1, get.path("resources").size());
        assertTrue(get.path("resources").get(0).asText().matches("arn:aws:ssm:us-east-1:[^:]+:parameter/tg/call-log/webhook"), get.toString());
    }
}
