package io.trailguard.policies.tagging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import io.trailguard.event.CloudTrailDetail;
import io.trailguard.event.TrailEvent;
import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.Decision;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.PolicySettings;
import io.trailguard.policy.ResourceRef;
import io.trailguard.policy.Setting;
import io.trailguard.policy.Severity;
import io.trailguard.remediation.TagBucket;
import io.trailguard.remediation.TagIamRole;
import io.trailguard.remediation.TagLambdaFunction;

/**
 * A bucket, Lambda function or IAM role created with a name that breaks the account's naming standard (a
 * regex per resource type). Enforce only tags it {@code trailguard:non-compliant-name=true}: never renames or
 * deletes. A naming standard is the organisation's own, so a type without a regex is not checked, and the
 * policy is off until one is configured.
 */
@ApplicationScoped
public class NamingStandard implements Policy {

    static final Setting<Pattern> BUCKET_NAME_REGEX = Setting.regex("bucket-name-regex");
    static final Setting<Pattern> FUNCTION_NAME_REGEX = Setting.regex("function-name-regex");
    static final Setting<Pattern> ROLE_NAME_REGEX = Setting.regex("role-name-regex");

    public static final String NON_COMPLIANT_TAG = "trailguard:non-compliant-name";
    private static final Pattern ROLE_NAME = Pattern.compile("^[A-Za-z0-9+=,.@_-]{1,64}$");

    /** The rule of each checked creation call, by event name. */
    private final Map<String, Pattern> rules = new LinkedHashMap<>();

    public NamingStandard(Config config) {
        PolicySettings settings = PolicySettings.of(name(), config);
        settings.find(BUCKET_NAME_REGEX).ifPresent(rule -> rules.put("CreateBucket", rule));
        settings.find(FUNCTION_NAME_REGEX).ifPresent(rule -> rules.put("CreateFunction20150331", rule));
        settings.find(ROLE_NAME_REGEX).ifPresent(rule -> rules.put("CreateRole", rule));
    }

    @Override
    public String name() {
        return "naming-standard";
    }

    @Override
    public String handler() {
        return HandlerNames.TAGGING;
    }

    @Override
    public String description() {
        return "Bucket, Lambda function or IAM role named against the naming standard";
    }

    @Override
    public List<String> attackTechniques() {
        // functions and roles created outside the standard: code run and identities added by someone who skipped the pipeline
        return List.of("T1648", "T1136.003");
    }

    @Override
    public String pattern() {
        // only the calls with a rule reach the function (all three while none is configured and the policy is off)
        boolean bucket = rules.isEmpty() || rules.containsKey("CreateBucket");
        boolean function = rules.isEmpty() || rules.containsKey("CreateFunction20150331");
        boolean role = rules.isEmpty() || rules.containsKey("CreateRole");
        StringBuilder or = new StringBuilder();
        if (bucket) {
            or.append("{\"source\": [\"aws.s3\"], \"detail\": {\"eventName\": [\"CreateBucket\"]}}");
        }
        if (function) {
            or.append(or.length() > 0 ? ", " : "").append("{\"source\": [\"aws.lambda\"], \"detail\": {\"eventName\": [\"CreateFunction20150331\"]}}");
        }
        if (role) {
            or.append(or.length() > 0 ? ", " : "").append("{\"source\": [\"aws.iam\"], \"detail\": {\"eventName\": [\"CreateRole\"]}}");
        }
        return "{\"detail-type\": [\"AWS API Call via CloudTrail\"], \"$or\": [" + or + "]}";
    }

    @Override
    public List<String> actions() {
        return List.of(TagBucket.NAME, TagLambdaFunction.NAME, TagIamRole.NAME);
    }

    @Override
    public List<String> resourceTypes() {
        return List.of(ResourceRef.S3_BUCKET, ResourceRef.LAMBDA_FUNCTION, ResourceRef.IAM_ROLE);
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(BUCKET_NAME_REGEX, FUNCTION_NAME_REGEX, ROLE_NAME_REGEX);
    }

    @Override
    public Mode defaultMode() {
        return rules.isEmpty() ? Mode.OFF : Mode.ALERT;
    }

    @Override
    public Decision decide(TrailEvent event) {
        CloudTrailDetail detail = event.detail();
        Pattern rule = rules.get(detail.eventName());
        if (rule == null) {
            return Decision.noMatch("no naming rule configured for " + detail.eventName());
        }
        Map<String, String> tag = Map.of(NON_COMPLIANT_TAG, "true");
        return switch (detail.eventName()) {
            case "CreateBucket" -> {
                String bucket = detail.requestParameter("bucketName");
                if (bucket == null || !AutoTag.BUCKET.matcher(bucket).matches()) {
                    yield Decision.noMatch("no valid bucketName in requestParameters: " + bucket);
                }
                yield check(rule, ResourceRef.S3_BUCKET, bucket, bucket, TagBucket.spec(bucket, tag));
            }
            case "CreateFunction20150331" -> {
                String arn = detail.responseElement("functionArn");
                if (arn == null || !AutoTag.FUNCTION_ARN.matcher(arn).matches()) {
                    yield Decision.noMatch("no valid functionArn in responseElements: " + arn);
                }
                String functionName = arn.split(":")[6];
                yield check(rule, ResourceRef.LAMBDA_FUNCTION, arn, functionName, TagLambdaFunction.spec(arn, tag));
            }
            case "CreateRole" -> {
                String role = detail.requestParameter("roleName");
                if (role == null || !ROLE_NAME.matcher(role).matches()) {
                    yield Decision.noMatch("no valid roleName in requestParameters: " + role);
                }
                yield check(rule, ResourceRef.IAM_ROLE, role, role, TagIamRole.spec(role, tag));
            }
            default -> Decision.noMatch("not a checked creation call");
        };
    }

    private static Decision check(Pattern rule, String type, String id, String name, ActionSpec tagging) {
        if (rule.matcher(name).matches()) {
            return Decision.noMatch("name " + name + " follows the naming standard");
        }
        return Decision.remediate(Severity.LOW, new ResourceRef(type, id), type + " " + name + " breaks the naming standard",
                List.of("name " + name + " does not match " + rule.pattern()), List.of(tagging));
    }
}
