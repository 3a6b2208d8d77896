package io.trailguard.remediation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
 * One call of an AWS query API (SNS, STS, IAM, RDS, EC2) without the service's SDK client: the parameters form-encoded in a POST to
 * {@code /}, signed with SigV4 by the SDK's own signer and sent by its URL-connection HTTP client, written to the AWS
 * call log. The answer is XML; {@link #text} reads the few values trailguard needs from it, so no XML parser (StAX,
 * java.xml) is reached. An AWS error answer is thrown as the SDK's {@link AwsServiceException} with its code, a failure
 * to reach the service as an {@link SdkClientException}, as {@link SignedJsonCall} does. No retries.
 */
final class SignedQueryCall implements AutoCloseable {

    private static final URI IAM = URI.create("https://iam.amazonaws.com");

    private final String signingName;
    private final String version;
    private final String region;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;

    /** Calls of {@code signingName}'s API {@code version} (sns, 2010-03-31), at the emulator when set. */
    SignedQueryCall(String signingName, String version, String region, URI endpointOverride, AwsCredentialsProvider credentials,
            Duration timeout) {
        this.signingName = signingName;
        this.version = version;
        this.region = region;
        this.endpoint = endpointOverride != null ? endpointOverride : SignedJsonCall.regionalEndpoint(signingName, region);
        this.credentials = credentials;
        this.http = new LazyHttpClient(timeout, timeout);
    }

    /** As trailguard's clients are configured: the function's region, the emulator if set. */
    static SignedQueryCall of(String signingName, String version, AwsClientConfig config, AwsCredentialsProvider credentials) {
        String region = config.region().orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion().id());
        return new SignedQueryCall(signingName, version, region, config.endpointOverride().orElse(null), credentials,
                Duration.ofMillis(config.apiCallTimeoutMillis()));
    }

    /** SNS's API (2010-03-31), as {@link #of}. */
    static SignedQueryCall sns(AwsClientConfig config, AwsCredentialsProvider credentials) {
        return of("sns", "2010-03-31", config, credentials);
    }

    /**
     * IAM's API (2010-05-08), as {@link #of}: a global service, at {@code iam.amazonaws.com} and signed for us-east-1
     * whatever the function's region (the SDK's aws-global).
     */
    static SignedQueryCall iam(AwsClientConfig config, AwsCredentialsProvider credentials) {
        return new SignedQueryCall("iam", "2010-05-08", "us-east-1", config.endpointOverride().orElse(IAM), credentials,
                Duration.ofMillis(config.apiCallTimeoutMillis()));
    }

    /** RDS's API (2014-10-31), as {@link #of}. */
    static SignedQueryCall rds(AwsClientConfig config, AwsCredentialsProvider credentials) {
        return of("rds", "2014-10-31", config, credentials);
    }

    /** EC2's API (2016-11-15), as {@link #of}. */
    static SignedQueryCall ec2(AwsClientConfig config, AwsCredentialsProvider credentials) {
        return of("ec2", "2016-11-15", config, credentials);
    }

    /** The region its calls are signed for: the function's, for a regional service. */
    String region() {
        return region;
    }

    /** Query parameters in the order given: name, value, name, value … */
    static Map<String, String> parameters(String... namesAndValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return parameters;
    }

    /**
     * As {@link #call}, but null when the service answers with the error code {@code missing} (IAM's {@code NoSuchEntity}:
     * the resource is gone); every other error is thrown.
     */
    String callUnless(String missing, String action, Map<String, String> parameters) {
        try {
            return call(action, parameters);
        } catch (AwsServiceException e) {
            if (e.awsErrorDetails() != null && missing.equals(e.awsErrorDetails().errorCode())) {
                return null;
            }
            throw e;
        }
    }

    /**
     * The {@code <member>} elements of the {@code list} element of every page of {@code action}'s answer: the next page
     * asked for with the {@code Marker} of one whose {@code IsTruncated} is true (IAM's paging), as the SDK's paginators do.
     */
    List<String> members(String action, Map<String, String> parameters, String list) {
        return everyPage(action, parameters, "Marker", answer -> "true".equals(text(answer, "IsTruncated")) ? text(answer, "Marker") : null,
                answer -> members(answer, list));
    }

    /**
     * The {@code <item>} elements of the {@code list} element of every page of {@code action}'s answer ({@link #items(String, String)}):
     * the next page asked for with the {@code NextToken} an answer's {@code <nextToken>} gives (EC2's paging), as the SDK's
     * paginators do.
     */
    List<String> items(String action, Map<String, String> parameters, String list) {
        return everyPage(action, parameters, "NextToken", answer -> text(answer, "nextToken"), answer -> items(answer, list));
    }

    /** What {@code read} finds in each page of the answer, the next page asked for with the token {@code next} finds until it finds none. */
    private List<String> everyPage(String action, Map<String, String> parameters, String tokenParameter, Function<String, String> next,
            Function<String, List<String>> read) {
        List<String> found = new ArrayList<>();
        Map<String, String> page = new LinkedHashMap<>(parameters);
        while (true) {
            String answer = call(action, page);
            found.addAll(read.apply(answer));
            String token = next.apply(answer);
            if (token == null || token.isEmpty()) {
                return found;
            }
            page.put(tokenParameter, token);
        }
    }

    /**
     * The contents of each {@code <member>} of the first {@code <list>} element in {@code xml}, in order (IAM's lists);
     * none when it is missing or empty.
     */
    static List<String> members(String xml, String list) {
        return members(xml, list, "member");
    }

    /** As {@link #members(String, String)}, for EC2's lists, whose entries are {@code <item>}s. */
    static List<String> items(String xml, String list) {
        return members(xml, list, "item");
    }

    /**
     * The contents of each {@code <item>} of the first {@code <list>} element in {@code xml}, in order (RDS names them after
     * their type: {@code <DBInstances>} of {@code <DBInstance>}); none when the list is missing or empty ({@code <list/>}).
     * Entries may nest (an EC2 instance's {@code <tagSet>} of items inside a reservation's item): an entry ends at the
     * closing tag that matches it, not at the first one.
     */
    static List<String> members(String xml, String list, String item) {
        String open = "<" + list + ">";
        int start = xml.indexOf(open);
        int empty = xml.indexOf("<" + list + "/>");
        if (start < 0 || (empty >= 0 && empty < start)) {
            return List.of();
        }
        String close = "</" + list + ">";
        String itemOpen = "<" + item + ">";
        String itemClose = "</" + item + ">";
        String itemEmpty = "<" + item + "/>";
        List<String> members = new ArrayList<>();
        int depth = 0;
        int from = -1;
        for (int at = xml.indexOf('<', start + open.length()); at >= 0; at = xml.indexOf('<', at + 1)) {
            if (xml.startsWith(itemOpen, at)) {
                if (depth++ == 0) {
                    from = at + itemOpen.length();
                }
            } else if (xml.startsWith(itemClose, at)) {
                if (--depth == 0) {
                    members.add(xml.substring(from, at));
                } else if (depth < 0) {
                    break;
                }
            } else if (depth == 0 && xml.startsWith(itemEmpty, at)) {
                members.add("");
            } else if (depth == 0 && xml.startsWith(close, at)) {
                break;
            }
        }
        return members;
    }

    /**
     * The contents of the first {@code <element>} in {@code xml} as they are written, entities and nested elements
     * included ({@code <code>active</code>} of EC2's {@code <status>}); empty for {@code <element/>}, null when there is none.
     */
    static String element(String xml, String element) {
        String open = "<" + element + ">";
        int start = xml.indexOf(open);
        int empty = xml.indexOf("<" + element + "/>");
        if (start < 0 || (empty >= 0 && empty < start)) {
            return empty >= 0 ? "" : null;
        }
        int end = xml.indexOf("</" + element + ">", start);
        return end < 0 ? null : xml.substring(start + open.length(), end);
    }

    /**
     * Tags as a query API lists them ({@code <Key>…</Key><Value>…</Value>} in each of {@code members}) as a map; a tag
     * without a value is empty, the last of a repeated key wins.
     */
    static Map<String, String> tags(List<String> members) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String member : members) {
            String value = text(member, "Value");
            tags.put(text(member, "Key"), value != null ? value : "");
        }
        return tags;
    }

    /** Adds {@code values} to {@code parameters} as a query API takes a list: {@code <prefix>1}, {@code <prefix>2} … */
    static void putList(Map<String, String> parameters, String prefix, List<String> values) {
        for (int n = 1; n <= values.size(); n++) {
            parameters.put(prefix + n, values.get(n - 1));
        }
    }

    /** EC2's one filter: {@code Filter.1.Name} and its values, {@code Filter.1.Value.1} … */
    static Map<String, String> filter(String name, List<String> values) {
        Map<String, String> parameters = parameters("Filter.1.Name", name);
        putList(parameters, "Filter.1.Value.", values);
        return parameters;
    }

    /** Adds {@code tags} to {@code parameters} as a query API takes them: {@code <prefix>1.Key}, {@code <prefix>1.Value} … */
    static void putTags(Map<String, String> parameters, String prefix, Map<String, String> tags) {
        int n = 0;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            n++;
            parameters.put(prefix + n + ".Key", tag.getKey());
            parameters.put(prefix + n + ".Value", tag.getValue());
        }
    }

    /**
     * Calls {@code action} with {@code parameters} (query names, as {@code MessageAttributes.entry.1.Name}) and returns
     * the answer's XML. The call log names the resources from the parameters, as it does for an SDK call.
     */
    String call(String action, Map<String, String> parameters) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", action);
        form.put("Version", version);
        form.putAll(parameters);
        List<String> pairs = new ArrayList<>();
        form.forEach((name, value) -> pairs.add(encode(name) + "=" + encode(value)));
        byte[] payload = String.join("&", pairs).getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint.resolve("/"))
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .putHeader("Content-Length", Integer.toString(payload.length)).build();
        AwsCredentialsIdentity identity = credentials.resolveCredentials();
        SignedRequest signed = AwsV4HttpSigner.create().sign(sign -> sign.identity(identity).request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        String operation = signingName + ":" + action;
        AwsCallLog.logSigned(signed.request(), operation, (region, account) -> IamCalls.resources(operation, parameters::get, region, account));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
            String answer = read(response);
            int status = response.httpResponse().statusCode();
            if (status / 100 != 2) {
                String code = text(answer, "Code");
                code = code != null ? code : "HTTP " + status;
                String message = text(answer, "Message");
                // EC2's error answer names it RequestID
                String requestId = text(answer, "RequestId") != null ? text(answer, "RequestId") : text(answer, "RequestID");
                // the code leads the text, as SignedJsonCall's: the audit, alert and dead-letter texts are the exception's
                throw AwsServiceException.builder().statusCode(status).message(code + ": " + (message != null ? message : ""))
                        .requestId(requestId)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName(signingName).build())
                        .build();
            }
            return answer;
        } catch (IOException e) {
            throw SdkClientException.create(signingName + " " + action + ": " + e.getMessage(), e);
        }
    }

    /**
     * The text of the first {@code <element>} in {@code xml}, its entities decoded as {@link S3Xml} decodes them; null
     * when there is none. Enough for
     * an AWS query answer, whose elements have no attributes and whose texts have every {@code <} escaped.
     */
    static String text(String xml, String element) {
        return text(xml, element, 0);
    }

    /**
     * The value of the {@code <entry><key>K</key><value>V</value></entry>} whose key is {@code key} (SNS's attribute
     * maps); null when there is none.
     */
    static String entry(String xml, String key) {
        for (int at = xml.indexOf("<entry>"); at >= 0; at = xml.indexOf("<entry>", at + 1)) {
            int end = xml.indexOf("</entry>", at);
            String entry = xml.substring(at, end < 0 ? xml.length() : end);
            if (key.equals(text(entry, "key", 0))) {
                return text(entry, "value", 0);
            }
        }
        return null;
    }

    private static String text(String xml, String element, int from) {
        String open = "<" + element + ">";
        int start = xml.indexOf(open, from);
        if (start < 0) {
            return null;
        }
        int end = xml.indexOf("</" + element + ">", start);
        return end < 0 ? null : S3Xml.unescape(xml.substring(start + open.length(), end));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String read(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return "";
        }
        try (InputStream body = response.responseBody().get()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
