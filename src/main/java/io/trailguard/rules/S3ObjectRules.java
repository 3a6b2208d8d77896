package io.trailguard.rules;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.trailguard.remediation.S3Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The rules file held in an S3 object ({@code trailguard.rules.s3-uri}, {@code s3://bucket/key}), read once at
 * start-up: for rules files larger than an SSM parameter holds, or written by a pipeline.
 */
public final class S3ObjectRules implements RuleSource {

    private static final Pattern URI = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(.+)");

    private final S3Objects s3;
    private final String uri;

    public S3ObjectRules(S3Objects s3, String uri) {
        this.s3 = s3;
        this.uri = uri;
    }

    /** The bucket and key of an {@code s3://bucket/key} URI, or null when it is not one. */
    public static String[] bucketAndKey(String uri) {
        Matcher m = URI.matcher(uri.strip());
        return m.matches() ? new String[] { m.group(1), m.group(2) } : null;
    }

    @Override
    public List<RuleText> read() {
        if (uri == null || uri.isBlank()) {
            return List.of();
        }
        String[] location = bucketAndKey(uri);
        if (location == null) {
            throw new InvalidRulesException(List.of("trailguard.rules.s3-uri: " + uri + " is not s3://bucket/key"));
        }
        byte[] yaml;
        try {
            yaml = s3.bytes(location[0], location[1]);
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
            throw new InvalidRulesException(List.of("trailguard.rules.s3-uri: cannot read " + uri.strip() + ": " + code));
        } catch (SdkException e) {
            throw new InvalidRulesException(List.of("trailguard.rules.s3-uri: cannot read " + uri.strip() + ": " + e.getClass().getSimpleName()));
        }
        return List.of(new RuleText(uri.strip(), new String(yaml, StandardCharsets.UTF_8)));
    }
}
