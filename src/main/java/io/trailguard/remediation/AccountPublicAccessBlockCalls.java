package io.trailguard.remediation;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * An account's S3 public access block through S3 Control's REST-XML API, without the SDK's S3 Control client (which
 * brought the S3 and S3 Control models and the SDK's XML stack into the s3 function): GET and PUT of
 * {@code /v20180820/configuration/publicAccessBlock} at {@code ACCOUNT.s3-control.REGION.amazonaws.com} (the override
 * as it is, on an emulator), the account in {@code x-amz-account-id}, signed for {@code s3} as the SDK's client signs
 * them, answers read with {@link S3Xml}, written to the AWS call log under the account-level IAM actions. An error
 * answer is thrown as the SDK's {@link AwsServiceException} with S3 Control's code; a failure to reach it as an
 * {@link SdkClientException}. No retries.
 */
final class AccountPublicAccessBlockCalls implements AutoCloseable {

    static final String NAMESPACE = "http://awss3control.amazonaws.com/doc/2018-08-20/";
    static final String PATH = "/v20180820/configuration/publicAccessBlock";

    private final String region;
    private final URI endpointOverride;
    /** Signs as S3 wants its requests signed, which S3 Control's are too. */
    private final SignedS3Call s3;
    private final SdkHttpClient http;

    AccountPublicAccessBlockCalls(String region, URI endpointOverride, AwsCredentialsProvider credentials, Duration timeout) {
        this.region = region;
        this.endpointOverride = endpointOverride;
        this.s3 = new SignedS3Call(region, endpointOverride, credentials, timeout);
        this.http = new LazyHttpClient(timeout, timeout);
    }

    /** As trailguard's clients are configured: the function's region, the emulator if set. */
    static AccountPublicAccessBlockCalls of(AwsClientConfig config, AwsCredentialsProvider credentials) {
        String region = config.region().orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion().id());
        return new AccountPublicAccessBlockCalls(region, config.endpointOverride().orElse(null), credentials,
                Duration.ofMillis(config.apiCallTimeoutMillis()));
    }

    /** The account's configuration (its root element); an {@link AwsServiceException} NoSuchPublicAccessBlockConfiguration when it has none. */
    S3Xml get(String account) {
        return S3Xml.parse(send("GetPublicAccessBlock", SdkHttpMethod.GET, account, null));
    }

    /** Puts the account's configuration: {@code settings} as its elements ({@code BlockPublicAcls} → true …). */
    void put(String account, Map<String, Boolean> settings) {
        StringBuilder elements = new StringBuilder();
        settings.forEach((name, value) -> elements.append(S3Xml.text(name, value.toString())));
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><PublicAccessBlockConfiguration xmlns=\"" + NAMESPACE + "\">"
                + elements + "</PublicAccessBlockConfiguration>";
        send("PutPublicAccessBlock", SdkHttpMethod.PUT, account, xml.getBytes(StandardCharsets.UTF_8));
    }

    /** Where an account's configuration is; an account that is not 12 digits never makes a host name. */
    URI address(String account) {
        if (account == null || !account.matches("[0-9]{12}")) {
            throw new IllegalArgumentException("not an AWS account id: '" + account + "'");
        }
        if (endpointOverride != null) {
            return URI.create(endpointOverride.toString().replaceAll("/+$", "") + PATH);
        }
        return URI.create("https://" + account + ".s3-control." + region + "." + SignedJsonCall.dnsSuffix(region) + PATH);
    }

    /** The signed request, as the SDK's S3 Control client signs it (for the tests too). */
    SignedRequest sign(SdkHttpMethod method, String account, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(method).uri(address(account)).putHeader("x-amz-account-id", account);
        if (body != null) {
            request.putHeader("Content-Length", Integer.toString(body.length)).putHeader("Content-Type", "application/xml");
        }
        return s3.sign(request.build(), body);
    }

    private String send(String operation, SdkHttpMethod method, String account, byte[] body) {
        SignedRequest signed = sign(method, account, body);
        String action = IamCalls.action("s3", "S3Control", operation);
        AwsCallLog.logSigned(signed.request(), "s3control:" + operation, action, (region, own) -> IamCalls.resources(action, name -> null, region, own));
        HttpExecuteResponse response;
        try {
            response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
        } catch (IOException e) {
            throw SdkClientException.create("s3control " + operation + ": " + e.getMessage(), e);
        }
        String answer = SignedS3Call.text(response);
        int status = response.httpResponse().statusCode();
        if (status / 100 != 2) {
            throw error(operation, status, answer, response.httpResponse().firstMatchingHeader("x-amz-request-id").orElse(null));
        }
        return answer;
    }

    /** S3 Control's error answer ({@code <Error>}, or one inside {@code <ErrorResponse>}) as the SDK's exception. */
    private static AwsServiceException error(String operation, int status, String answer, String requestIdHeader) {
        S3Xml root = null;
        try {
            root = answer.isBlank() ? null : S3Xml.parse(answer);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            // not XML: the status tells
        }
        S3Xml error = root != null && root.child("Error") != null ? root.child("Error") : root;
        String code = error != null && error.text("Code") != null ? error.text("Code") : "HTTP " + status;
        String message = error != null ? error.text("Message") : null;
        String requestId = error != null && error.text("RequestId") != null ? error.text("RequestId") : requestIdHeader;
        return AwsServiceException.builder().statusCode(status).message(code + ": " + (message != null ? message : operation))
                .requestId(requestId)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("S3Control").build())
                .build();
    }

    @Override
    public void close() {
        s3.close();
        http.close();
    }
}
