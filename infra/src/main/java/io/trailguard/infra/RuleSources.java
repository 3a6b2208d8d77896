package io.trailguard.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Node;

/**
 * Where the functions read declarative rules at start-up besides their package (context {@code rulesSsmParameter},
 * {@code rulesS3Uri}, {@code rulesKmsKey}): the app's {@code trailguard.rules.*} settings, and the grants to read
 * exactly that parameter, that object and that key.
 */
public record RuleSources(Optional<String> ssmParameter, Optional<String> s3Uri, Optional<String> kmsKey) {

    private static final Pattern S3_URI = Pattern.compile("s3://([^/]+)/(.+)");

    public static RuleSources from(Node node) {
        RuleSources sources = new RuleSources(text(node, "rulesSsmParameter"), text(node, "rulesS3Uri"), text(node, "rulesKmsKey"));
        sources.s3Uri().filter(uri -> !S3_URI.matcher(uri).matches()).ifPresent(uri -> {
            throw new IllegalArgumentException("context rulesS3Uri must be s3://bucket/key, not " + uri);
        });
        return sources;
    }

    /** The app's settings, as environment variables. */
    public Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        ssmParameter.ifPresent(name -> environment.put("TRAILGUARD_RULES_SSM_PARAMETER", name));
        s3Uri.ifPresent(uri -> environment.put("TRAILGUARD_RULES_S3_URI", uri));
        return environment;
    }

    /** Read access to the parameter, the object and the key that decrypts them (a SecureString's, or the bucket's SSE-KMS key). */
    public List<PolicyStatement> statements() {
        String partition = Aws.PARTITION;
        List<PolicyStatement> statements = new ArrayList<>();
        ssmParameter.ifPresent(name -> statements.add(statement("RulesParameter", "ssm:GetParameter",
                "arn:" + partition + ":ssm:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":parameter" + (name.startsWith("/") ? name : "/" + name))));
        s3Uri.ifPresent(uri -> {
            Matcher m = S3_URI.matcher(uri);
            m.matches();
            statements.add(statement("RulesObject", "s3:GetObject", "arn:" + partition + ":s3:::" + m.group(1) + "/" + m.group(2)));
        });
        kmsKey.ifPresent(key -> statements.add(statement("RulesKey", "kms:Decrypt", key.startsWith("arn:") ? key
                : "arn:" + partition + ":kms:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":key/" + key)));
        return statements;
    }

    private static PolicyStatement statement(String sid, String action, String resource) {
        return PolicyStatement.Builder.create().sid(sid).effect(Effect.ALLOW).actions(List.of(action)).resources(List.of(resource)).build();
    }

    private static Optional<String> text(Node node, String key) {
        Object value = node.tryGetContext(key);
        return value == null || String.valueOf(value).isBlank() ? Optional.empty() : Optional.of(String.valueOf(value).trim());
    }
}
