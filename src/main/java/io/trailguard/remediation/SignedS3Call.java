package io.trailguard.remediation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

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
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * S3's REST-XML API without the SDK's S3 client (whose construction, model and StAX reader dominate the s3 function's
 * cold start): a bucket's subresources ({@code ?acl}, {@code ?tagging} …) read and written as XML ({@link S3Xml}) and
 * objects read (streamed) and written, signed with SigV4 by the SDK's own signer as S3 wants it (no double encoding,
 * no path normalization, the payload's hash in {@code x-amz-content-sha256}), sent by its URL-connection HTTP client and
 * written to the AWS call log under the IAM action and bucket or object ARN the SDK's call had. Addressed as the SDK's
 * client addresses S3: path-style on an emulator, else virtual-hosted, or path-style for a bucket whose name has dots
 * (a virtual host would not match S3's certificate). Every body goes with its Content-MD5, which S3 requires of its
 * subresource writes. An error answer is thrown as the SDK's {@link AwsServiceException} with S3's code; a failure to
 * reach S3 as an {@link SdkClientException}. No retries.
 */
final class SignedS3Call implements AutoCloseable {

    /** Any bucket name S3 has allowed, legacy ones included (capitals, underscores; up to 255 characters). */
    private static final Pattern ANY_BUCKET = Pattern.compile("[A-Za-z0-9._-]{1,255}");
    /** A name that can be a host's first label (no dots: TLS's wildcard certificate covers one label). */
    private static final Pattern DNS_BUCKET = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");


    private final String region;
    private final URI endpointOverride;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;

    SignedS3Call(String region, URI endpointOverride, AwsCredentialsProvider credentials, Duration timeout) {
        this.region = region;
        this.endpointOverride = endpointOverride;
        this.credentials = credentials;
        this.http = new LazyHttpClient(timeout, timeout);
    }

    /** As trailguard's clients are configured: the function's region, the emulator if set. */
    static SignedS3Call of(AwsClientConfig config, AwsCredentialsProvider credentials) {
        String region = config.region().orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion().id());
        return new SignedS3Call(region, config.endpointOverride().orElse(null), credentials, Duration.ofMillis(config.apiCallTimeoutMillis()));
    }

    /** {@code GET /?subresource} of {@code bucket}: the SDK's {@code operation} (GetBucketAcl), its answer's root element. */
    S3Xml get(String operation, String bucket, String subresource) {
        return S3Xml.parse(read(operation, bucket, subresource));
    }

    /** As {@link #get}, the answer as it is (GetBucketPolicy's is the policy's JSON). */
    String read(String operation, String bucket, String subresource) {
        return text(send(operation, SdkHttpMethod.GET, bucket, null, Map.of(subresource, ""), null, null));
    }

    /** {@code PUT /?subresource} of {@code bucket} with an XML body ({@link S3Xml#document}). */
    void put(String operation, String bucket, String subresource, String xml) {
        put(operation, bucket, subresource, xml, "application/xml");
    }

    /** {@code PUT /?subresource} of {@code bucket} with a body of {@code contentType} (a policy's JSON: none). */
    void put(String operation, String bucket, String subresource, String body, String contentType) {
        text(send(operation, SdkHttpMethod.PUT, bucket, null, Map.of(subresource, ""), body.getBytes(StandardCharsets.UTF_8), contentType));
    }

    /** {@code DELETE /?subresource} of {@code bucket}. */
    void delete(String operation, String bucket, String subresource) {
        text(send(operation, SdkHttpMethod.DELETE, bucket, null, Map.of(subresource, ""), null, null));
    }

    /** An object's content, streamed (the caller closes it); {@code versionId} null for the current version. */
    InputStream getObject(String bucket, String key, String versionId) {
        Map<String, String> query = versionId == null ? Map.of() : Map.of("versionId", versionId);
        return send("GetObject", SdkHttpMethod.GET, bucket, key, query, null, null).responseBody().<InputStream>map(in -> in)
                .orElseGet(InputStream::nullInputStream);
    }

    void putObject(String bucket, String key, byte[] content, String contentType) {
        text(send("PutObject", SdkHttpMethod.PUT, bucket, key, Map.of(), content, contentType));
    }

    /**
     * One page of ListObjectsV2 under {@code prefix} (null: all), after {@code continuationToken} (null: the first);
     * the answer's root element ({@code Contents}, {@code NextContinuationToken}).
     */
    S3Xml listObjects(String bucket, String prefix, String continuationToken) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("list-type", "2");
        // in the order the SDK's client writes them
        if (prefix != null) {
            query.put("prefix", prefix);
        }
        if (continuationToken != null) {
            query.put("continuation-token", continuationToken);
        }
        return S3Xml.parse(text(send("ListObjectsV2", SdkHttpMethod.GET, bucket, null, query, null, null)));
    }

    /**
     * The URL of {@code key} in {@code bucket} (null: the bucket), without its query. A name that is no bucket's (a
     * slash, an {@code @}, from a crafted event or setting) is refused before any URL is made of it; a legacy name
     * that is not a DNS label (capitals, underscores) is addressed path-style, as the SDK does.
     */
    URI address(String bucket, String key) {
        if (bucket == null || !ANY_BUCKET.matcher(bucket).matches()) {
            String shown = bucket == null ? "null" : bucket.length() > 80 ? bucket.substring(0, 80) + "…" : bucket;
            throw new IllegalArgumentException("not an S3 bucket name: '" + shown + "'");
        }
        String path = key == null ? "/" : "/" + encodeKey(key);
        if (endpointOverride != null) {
            String base = endpointOverride.toString().replaceAll("/+$", "");
            return URI.create(base + "/" + bucket + (key == null ? "" : path));
        }
        String host = "s3." + region + "." + SignedJsonCall.dnsSuffix(region);
        return !DNS_BUCKET.matcher(bucket).matches() ? URI.create("https://" + host + "/" + bucket + (key == null ? "" : path))
                : URI.create("https://" + bucket + "." + host + path);
    }

    /** A key as a URL path: each segment percent-encoded (RFC 3986's unreserved characters kept), its slashes kept. */
    static String encodeKey(String key) {
        StringBuilder out = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c == '/' || c == '-' || c == '.' || c == '_' || c == '~' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** The SigV4-signed request, as S3 wants it signed (for the tests too). */
    SignedRequest sign(SdkHttpRequest request, byte[] body) {
        AwsCredentialsIdentity identity = credentials.resolveCredentials();
        return AwsV4HttpSigner.create().sign(sign -> sign.identity(identity).request(request)
                .payload(body == null ? null : ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
    }

    /** The request of {@code operation}, before signing: bodiless calls have no Content-Length (the client refuses a GET with one). */
    SdkHttpRequest request(SdkHttpMethod method, String bucket, String key, Map<String, String> query, byte[] body, String contentType) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(method).uri(address(bucket, key));
        // a subresource is a name without a value: ?acl, not ?acl=
        query.forEach((name, value) -> request.putRawQueryParameter(name, value.isEmpty() ? null : value));
        if (body != null) {
            request.putHeader("Content-Length", Integer.toString(body.length)).putHeader("Content-MD5", md5(body));
            if (contentType != null) {
                request.putHeader("Content-Type", contentType);
            }
        }
        return request.build();
    }

    private HttpExecuteResponse send(String operation, SdkHttpMethod method, String bucket, String key, Map<String, String> query,
            byte[] body, String contentType) {
        SignedRequest signed = sign(request(method, bucket, key, query, body, contentType), body);
        String action = IamCalls.action("s3", "S3", operation);
        String iamAction = "GetObject".equals(operation) && query.containsKey("versionId") ? "s3:GetObjectVersion" : action;
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("Bucket", bucket);
        members.put("Key", key);
        AwsCallLog.logSigned(signed.request(), "s3:" + operation, iamAction,
                (region, account) -> IamCalls.resources(iamAction, members::get, region, account));
        HttpExecuteResponse response;
        try {
            response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
        } catch (IOException e) {
            throw SdkClientException.create("s3 " + operation + ": " + e.getMessage(), e);
        }
        int status = response.httpResponse().statusCode();
        if (status / 100 != 2) {
            throw error(operation, key, status, text(response), response.httpResponse().firstMatchingHeader("x-amz-request-id").orElse(null));
        }
        return response;
    }

    /**
     * S3's error answer as the SDK's exception; one without a body (a HEAD's, a 404 from a proxy) gets its code from
     * the status, as the SDK's S3 client names it: NoSuchKey or NoSuchBucket for a 404.
     */
    private static AwsServiceException error(String operation, String key, int status, String answer, String requestIdHeader) {
        S3Xml error = answer.isBlank() ? null : parseOrNull(answer);
        String code = error != null ? error.text("Code") : null;
        if (code == null) {
            code = status == 404 ? (key != null ? "NoSuchKey" : "NoSuchBucket") : "HTTP " + status;
        }
        String message = error != null ? error.text("Message") : null;
        String requestId = error != null && error.text("RequestId") != null ? error.text("RequestId") : requestIdHeader;
        // the code leads the text, as SignedJsonCall's: the audit, alert and dead-letter texts are the exception's
        return AwsServiceException.builder().statusCode(status).message(code + ": " + (message != null ? message : operation))
                .requestId(requestId)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("S3").build())
                .build();
    }

    private static S3Xml parseOrNull(String answer) {
        try {
            return S3Xml.parse(answer);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** An answer's body as text ("" for none). */
    static String text(HttpExecuteResponse response) {
        if (response.responseBody().isEmpty()) {
            return "";
        }
        try (InputStream body = response.responseBody().get()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw SdkClientException.create("s3: the answer cannot be read: " + e.getMessage(), e);
        }
    }

    private static String md5(byte[] body) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
