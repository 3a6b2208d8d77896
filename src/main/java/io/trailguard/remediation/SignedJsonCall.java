package io.trailguard.remediation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * One call of an AWS JSON API without the service's SDK client: the request signed with SigV4 by the SDK's own signer
 * and sent by its URL-connection HTTP client, each call written to the AWS call log. For the services whose client
 * would cost a native binary far more than the few calls it makes (Security Hub's model is 2.9 MB of code; SSM's,
 * Firehose's and DynamoDB's clients were in every binary for a call or two each; SQS's, ECR's, Secrets Manager's and
 * S3 Glacier's took the sharing function's zip over 20 MB; KMS's, CloudTrail's, AWS Config's, EventBridge's, Route 53
 * Domains', GuardDuty's and Lambda's were in the all binary and their own functions' for two to six calls each). Two
 * protocols: REST JSON ({@link #post}, {@link #rest}, {@link #exchange}) and awsJson ({@link #target}: the operation in
 * X-Amz-Target, POST to /). Public for the redrive command's SQS and Lambda calls (replay/).
 * It does not retry: the caller decides (engine.Retries).
 */
public final class SignedJsonCall implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String signingName;
    private final String region;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;

    /**
     * Calls of {@code signingName} (securityhub) in {@code region}, at {@code endpointOverride} when set (an emulator),
     * else at the service's regional endpoint.
     */
    SignedJsonCall(String signingName, String region, URI endpointOverride, AwsCredentialsProvider credentials, Duration timeout) {
        this(signingName, signingName, region, endpointOverride, credentials, timeout);
    }

    /** As above, for a service whose regional host starts otherwise than its signing name ({@code api.ecr}). */
    SignedJsonCall(String signingName, String hostPrefix, String region, URI endpointOverride, AwsCredentialsProvider credentials,
            Duration timeout) {
        this(signingName, hostPrefix, region, endpointOverride, credentials, timeout, timeout);
    }

    private SignedJsonCall(String signingName, String hostPrefix, String region, URI endpointOverride, AwsCredentialsProvider credentials,
            Duration connectTimeout, Duration answerTimeout) {
        this.signingName = signingName;
        this.region = region;
        this.endpoint = endpointOverride != null ? endpointOverride : regionalEndpoint(hostPrefix, region);
        this.credentials = credentials;
        this.http = new LazyHttpClient(connectTimeout, answerTimeout);
    }

    /** Calls of {@code signingName} as trailguard's clients are configured: the function's region, the emulator if set. */
    public static SignedJsonCall of(String signingName, AwsClientConfig config, AwsCredentialsProvider credentials) {
        return of(signingName, signingName, config, credentials);
    }

    /** As {@link #of(String, AwsClientConfig, AwsCredentialsProvider)}, at a regional host starting with {@code hostPrefix}. */
    static SignedJsonCall of(String signingName, String hostPrefix, AwsClientConfig config, AwsCredentialsProvider credentials) {
        return new SignedJsonCall(signingName, hostPrefix, region(config), config.endpointOverride().orElse(null), credentials,
                Duration.ofMillis(config.apiCallTimeoutMillis()));
    }

    /**
     * As {@link #of(String, AwsClientConfig, AwsCredentialsProvider)}, waiting up to {@code answerTimeout} for an answer
     * instead of the configured call timeout: Lambda's Invoke answers once the function has run.
     */
    public static SignedJsonCall of(String signingName, AwsClientConfig config, AwsCredentialsProvider credentials, Duration answerTimeout) {
        return new SignedJsonCall(signingName, signingName, region(config), config.endpointOverride().orElse(null), credentials,
                Duration.ofMillis(config.apiCallTimeoutMillis()), answerTimeout);
    }

    private static String region(AwsClientConfig config) {
        return config.region().orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion().id());
    }

    String region() {
        return region;
    }

    /**
     * POSTs {@code body} to {@code path} and returns the answer's JSON; an AWS error answer is thrown as the SDK's
     * {@link AwsServiceException} (its code and status), a failure to reach the service as an {@link SdkClientException}.
     * {@code operation} and {@code resources} are what the call log says of it.
     */
    JsonNode post(String operation, String path, Map<String, String> headers, JsonNode body, List<String> resources) {
        return rest(SdkHttpMethod.POST, operation, path, headers, body, (region, account) -> resources);
    }

    /**
     * Sends {@code body} (none when null) to {@code path} with {@code method}, as {@link #post}; the call log names
     * the {@code resources} it acts on once it knows the region and account the call is signed for.
     */
    JsonNode rest(SdkHttpMethod method, String operation, String path, Map<String, String> headers, JsonNode body, AwsCallLog.Resources resources) {
        return send(method, operation, path, "application/json", headers, body, resources);
    }

    /**
     * Calls {@code operation} of an awsJson service ({@code api}): its answer's JSON, or its error thrown as by
     * {@link #post}. The call log names the resources from the body's members, as it does for an SDK call.
     */
    public JsonNode target(AwsJsonApi api, String operation, JsonNode body) {
        String action = signingName + ":" + operation;
        return send(SdkHttpMethod.POST, operation, "/", "application/x-amz-json-" + api.jsonVersion(), Map.of("X-Amz-Target", api.targetPrefix() + "." + operation),
                body, (region, account) -> IamCalls.resources(action, body, region, account));
    }

    /**
     * Sends {@code payload} (none when null) to {@code path} as it is, as {@code application/json}, and returns the answer
     * as it came: for an operation that answers with something other than a JSON document of the API's own (Lambda's
     * Invoke answers the function's payload, its error in a header). An error answer is thrown as by {@link #post}. The
     * call log names the resources {@code members} identify ({@code FunctionName}), as {@link #target} names its body's.
     */
    public Answer exchange(SdkHttpMethod method, String operation, String path, Map<String, String> headers, byte[] payload, JsonNode members) {
        String action = signingName + ":" + operation;
        return call(method, operation, path, "application/json", headers, payload,
                (region, account) -> IamCalls.resources(action, members, region, account));
    }

    /** An answer as it came: its status and headers, and its body. */
    public record Answer(SdkHttpResponse response, byte[] body) {
    }

    /** An awsJson service: the prefix of its X-Amz-Target ({@code DynamoDB_20120810}) and its JSON version (1.0, 1.1). */
    public record AwsJsonApi(String targetPrefix, String jsonVersion) {
        public static final AwsJsonApi SSM = new AwsJsonApi("AmazonSSM", "1.1");
        public static final AwsJsonApi FIREHOSE = new AwsJsonApi("Firehose_20150804", "1.1");
        public static final AwsJsonApi DYNAMODB = new AwsJsonApi("DynamoDB_20120810", "1.0");
        public static final AwsJsonApi SQS = new AwsJsonApi("AmazonSQS", "1.0");
        public static final AwsJsonApi ECR = new AwsJsonApi("AmazonEC2ContainerRegistry_V20150921", "1.1");
        public static final AwsJsonApi SECRETS_MANAGER = new AwsJsonApi("secretsmanager", "1.1");
        public static final AwsJsonApi KMS = new AwsJsonApi("TrentService", "1.1");
        public static final AwsJsonApi CLOUDTRAIL = new AwsJsonApi("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101", "1.1");
        public static final AwsJsonApi CONFIG = new AwsJsonApi("StarlingDoveService", "1.1");
        public static final AwsJsonApi EVENTS = new AwsJsonApi("AWSEvents", "1.1");
        public static final AwsJsonApi ROUTE53_DOMAINS = new AwsJsonApi("Route53Domains_v20140515", "1.1");
    }

    private JsonNode send(SdkHttpMethod method, String operation, String path, String contentType, Map<String, String> headers,
            JsonNode body, AwsCallLog.Resources resources) {
        byte[] payload;
        try {
            payload = body == null ? null : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] answer = call(method, operation, path, contentType, headers, payload, resources).body();
        try {
            return json(answer);
        } catch (IOException e) {
            throw clientException(operation, e);
        }
    }

    private Answer call(SdkHttpMethod method, String operation, String path, String contentType, Map<String, String> headers,
            byte[] payload, AwsCallLog.Resources resources) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(method).uri(endpoint.resolve(path));
        if (payload != null) {
            request.putHeader("Content-Type", contentType).putHeader("Content-Length", Integer.toString(payload.length));
        }
        headers.forEach(request::putHeader);
        AwsCredentialsIdentity identity = credentials.resolveCredentials();
        SignedRequest signed = AwsV4HttpSigner.create().sign(sign -> sign.identity(identity).request(request.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(payload == null ? new byte[0] : payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        AwsCallLog.logSigned(signed.request(), signingName + ":" + operation, resources);
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(payload == null ? null : signed.payload().orElse(null)).build()).call();
            byte[] body = read(response);
            int status = response.httpResponse().statusCode();
            if (status / 100 != 2) {
                JsonNode answer = json(body);
                String code = answer.path("__type").asText(answer.path("code").asText(response.httpResponse()
                        .firstMatchingHeader("x-amzn-ErrorType").orElse("HTTP " + status))).replaceAll(":.*", "").replaceAll(".*#", "");
                String message = answer.path("message").asText(answer.path("Message").asText(""));
                // the code leads the text: the SDK's clients threw a class named for it (ThrottlingException), and the
                // audit, alert and dead-letter texts are the exception's class and message
                throw AwsServiceException.builder().statusCode(status).message(code + ": " + message)
                        .requestId(response.httpResponse().firstMatchingHeader("x-amzn-RequestId").orElse(null))
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName(signingName).build())
                        .build();
            }
            return new Answer(response.httpResponse(), body);
        } catch (IOException e) {
            throw clientException(operation, e);
        }
    }

    private SdkClientException clientException(String operation, IOException e) {
        return SdkClientException.create(signingName + " " + operation + ": " + e.getMessage(), e);
    }

    private static byte[] read(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return new byte[0];
        }
        try (InputStream body = response.responseBody().get()) {
            return body.readAllBytes();
        }
    }

    /** {@code https://<hostPrefix>.<region>.<the partition's DNS suffix>}. */
    static URI regionalEndpoint(String hostPrefix, String region) {
        return URI.create("https://" + hostPrefix + "." + region + "." + dnsSuffix(region));
    }

    private static JsonNode json(byte[] body) throws IOException {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    }

    static String dnsSuffix(String region) {
        RegionMetadata metadata = Region.of(region).metadata();
        return metadata != null ? metadata.partition().dnsSuffix() : "amazonaws.com";
    }

    @Override
    public void close() {
        http.close();
    }
}
