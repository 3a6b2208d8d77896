package io.trailguard.predicates;

import java.util.regex.Pattern;

/**
 * AWS's own formats for the identifiers policies take from events and put into requests: a value that AWS
 * would not have accepted cannot come from a genuine successful call, so it is refused before any request is
 * built with it (no JSON or path injection, no traversal, no oversized values reaching an API).
 */
public final class AwsIdentifiers {

    // S3 bucket naming rules: 3-63 lowercase letters, digits, dots and hyphens, starting and ending alphanumeric
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    // IAM user/role/group and inline policy names: alphanumerics and +=,.@_-
    private static final Pattern IAM_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Z0-9]{16,128}");
    // CloudTrail trail names: 3-128 letters, digits, . _ -, starting and ending with a letter or digit
    private static final Pattern TRAIL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]");
    private static final Pattern ARN = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):[a-z0-9-]{1,63}:([a-z0-9-]{0,32}):(\\d{12}|aws|):"
                    + "[A-Za-z0-9+=,.@_/:*-]{1,1024}");
    private static final Pattern SECURITY_GROUP_ID = Pattern.compile("sg-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern EC2_ID = Pattern.compile("[a-z]{1,8}-[0-9a-f]{8,17}");
    private static final Pattern KMS_KEY_ID = Pattern.compile("(mrk-)?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}|mrk-[0-9a-f]{32}");
    private static final Pattern DB_SNAPSHOT = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,254}");
    private static final Pattern GUARDDUTY_DETECTOR_ID = Pattern.compile("[A-Za-z0-9]{1,300}");
    private static final Pattern CONFIG_RECORDER_NAME = Pattern.compile("[A-Za-z0-9][\\w .-]{0,255}");
    private static final Pattern POLICY_VERSION_ID = Pattern.compile("v[1-9][0-9]{0,9}");
    // a Lambda function as its APIs take it: name, partial ARN (account:function:name) or ARN, with an optional version or alias
    private static final Pattern LAMBDA_FUNCTION = Pattern.compile(
            "((arn:(aws|aws-cn|aws-us-gov):lambda:[a-z0-9-]{1,32}:)?\\d{12}:function:)?[A-Za-z0-9_-]{1,64}(:(\\$LATEST|[A-Za-z0-9_-]{1,128}))?");
    private static final Pattern LAMBDA_STATEMENT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final Pattern LAMBDA_QUALIFIER = Pattern.compile("\\$LATEST|[A-Za-z0-9_-]{1,128}");
    // 1-63 letters, digits and hyphens, starting with a letter, no "--", not ending with a hyphen
    private static final Pattern DB_INSTANCE = Pattern.compile("[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)");
    private static final Pattern RDS_EXPORT_TASK = Pattern.compile("[A-Za-z](?!.*--)[A-Za-z0-9-]{0,59}(?<!-)");
    private static final Pattern EC2_EXPORT_TASK = Pattern.compile("export-(i|ami)-[0-9a-f]{8,17}");
    // https://sqs.<region>.amazonaws.com/<account>/<name>, and the legacy queue.amazonaws.com forms
    private static final Pattern QUEUE_URL = Pattern.compile(
            "https://(sqs\\.[a-z0-9-]{1,32}|([a-z0-9-]{1,32}\\.)?queue)\\.amazonaws\\.com(\\.cn)?/\\d{12}/[A-Za-z0-9_-]{1,80}(\\.fifo)?");
    private static final Pattern ECR_REPOSITORY = Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final Pattern GLACIER_VAULT = Pattern.compile("[A-Za-z0-9_.-]{1,255}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    // EventBridge rule names: 1-64 of letters, digits, . - _; event bus names add / (partner buses)
    private static final Pattern EVENT_RULE_NAME = Pattern.compile("[\\w.-]{1,64}");
    private static final Pattern EVENT_BUS_NAME = Pattern.compile("[/\\w.-]{1,256}");
    // a registrable domain name: labels of letters, digits and hyphens, no leading or trailing hyphen, a final letter label
    private static final Pattern DOMAIN_NAME = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern KMS_ALIAS = Pattern.compile("alias/[\\w/-]{1,250}");

    private AwsIdentifiers() {
    }

    public static boolean isBucketName(String s) {
        return s != null && BUCKET.matcher(s).matches() && !s.contains("..") && !s.contains(".-") && !s.contains("-.")
                && !IP_ADDRESS.matcher(s).matches() && !s.startsWith("xn--") && !s.startsWith("sthree-")
                && !s.endsWith("-s3alias") && !s.endsWith("--ol-s3");
    }

    /** A user, role or group name (users and roles allow 64 characters, groups 128). */
    public static boolean isIamName(String s) {
        return s != null && IAM_NAME.matcher(s).matches();
    }

    /** An inline policy name. */
    public static boolean isIamPolicyName(String s) {
        return isIamName(s);
    }

    public static boolean isAccessKeyId(String s) {
        return s != null && ACCESS_KEY_ID.matcher(s).matches();
    }

    public static boolean isTrailName(String s) {
        return s != null && TRAIL_NAME.matcher(s).matches() && !s.matches(".*[._-]{2}.*");
    }

    /** A trail name or a trail ARN, both of which CloudTrail's APIs take. */
    public static boolean isTrailNameOrArn(String s) {
        if (isArn(s) && s.contains(":cloudtrail:") && s.contains(":trail/")) {
            return isTrailName(s.substring(s.indexOf(":trail/") + ":trail/".length()));
        }
        return isTrailName(s);
    }

    public static boolean isArn(String s) {
        return s != null && s.length() <= 2048 && ARN.matcher(s).matches() && !s.contains("..");
    }

    /** An ARN of the given service ({@code lambda}, {@code dynamodb}, {@code rds}…). */
    public static boolean isArnOf(String s, String service) {
        return isArn(s) && s.split(":", 4)[2].equals(service);
    }

    public static boolean isAccountId(String s) {
        return s != null && ACCOUNT_ID.matcher(s).matches();
    }

    public static boolean isSecurityGroupId(String s) {
        return s != null && SECURITY_GROUP_ID.matcher(s).matches();
    }

    /** An EC2 resource id of the given kind: {@code i}, {@code vol}, {@code snap}, {@code ami}, {@code sg}. */
    public static boolean isEc2Id(String s, String kind) {
        return s != null && s.startsWith(kind + "-") && EC2_ID.matcher(s).matches();
    }

    /** A KMS key id (not an alias): what CancelKeyDeletion and EnableKey take besides the key ARN. */
    public static boolean isKmsKeyId(String s) {
        return s != null && KMS_KEY_ID.matcher(s).matches();
    }

    /** An RDS DB or cluster snapshot identifier (a manual snapshot's: automated ones cannot be shared). */
    public static boolean isDbSnapshotIdentifier(String s) {
        return s != null && DB_SNAPSHOT.matcher(s).matches();
    }

    public static boolean isGuardDutyDetectorId(String s) {
        return s != null && GUARDDUTY_DETECTOR_ID.matcher(s).matches();
    }

    public static boolean isConfigRecorderName(String s) {
        return s != null && CONFIG_RECORDER_NAME.matcher(s).matches();
    }

    /** A customer managed policy's ARN (AWS managed ones cannot be changed, so no action targets them). */
    public static boolean isCustomerPolicyArn(String s) {
        return isArnOf(s, "iam") && s.split(":", 6)[4].matches("\\d{12}") && s.split(":", 6)[5].startsWith("policy/");
    }

    /** A managed policy version id: {@code v1}, {@code v2}… */
    public static boolean isPolicyVersionId(String s) {
        return s != null && POLICY_VERSION_ID.matcher(s).matches();
    }

    /** A Lambda function name, partial ARN or ARN, optionally with a version or alias: what AddPermission and its kin take. */
    public static boolean isLambdaFunction(String s) {
        return s != null && s.length() <= 170 && LAMBDA_FUNCTION.matcher(s).matches();
    }

    /** The Sid of a statement in a Lambda function's resource policy. */
    public static boolean isLambdaStatementId(String s) {
        return s != null && LAMBDA_STATEMENT_ID.matcher(s).matches();
    }

    /** A Lambda version number or alias name. */
    public static boolean isLambdaQualifier(String s) {
        return s != null && LAMBDA_QUALIFIER.matcher(s).matches();
    }

    /** A network ACL rule number as CreateNetworkAclEntry accepts it (32767 is the default rule, which cannot be deleted). */
    public static boolean isNetworkAclRuleNumber(String s) {
        return s != null && s.matches("\\d{1,5}") && Integer.parseInt(s) >= 1 && Integer.parseInt(s) <= 32766;
    }

    /** An EC2 key pair name: 1-255 printable ASCII characters. */
    public static boolean isKeyPairName(String s) {
        return s != null && !s.isEmpty() && s.length() <= 255 && s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    public static boolean isDbInstanceIdentifier(String s) {
        return s != null && DB_INSTANCE.matcher(s).matches();
    }

    /** The identifier StartExportTask was given (not an ARN): what CancelExportTask takes. */
    public static boolean isRdsExportTaskIdentifier(String s) {
        return s != null && RDS_EXPORT_TASK.matcher(s).matches();
    }

    /** An instance export ({@code export-i-…}) or image export ({@code export-ami-…}) task id. */
    public static boolean isEc2ExportTaskId(String s) {
        return s != null && EC2_EXPORT_TASK.matcher(s).matches();
    }

    public static boolean isQueueUrl(String s) {
        return s != null && QUEUE_URL.matcher(s).matches();
    }

    public static boolean isEcrRepositoryName(String s) {
        return s != null && s.length() >= 2 && s.length() <= 256 && ECR_REPOSITORY.matcher(s).matches();
    }

    /** A secret's name or its ARN, both of which Secrets Manager's APIs take. */
    public static boolean isSecretId(String s) {
        return isArnOf(s, "secretsmanager") || (s != null && !s.startsWith("arn:") && SECRET_NAME.matcher(s).matches());
    }

    public static boolean isGlacierVaultName(String s) {
        return s != null && GLACIER_VAULT.matcher(s).matches();
    }

    /** An AWS region name ({@code us-east-1}, {@code us-gov-west-1}). */
    public static boolean isRegion(String s) {
        return s != null && REGION.matcher(s).matches();
    }

    public static boolean isEventRuleName(String s) {
        return s != null && EVENT_RULE_NAME.matcher(s).matches();
    }

    /** An event bus name (a custom bus's, or a partner bus's {@code aws.partner/...}) or its ARN, as EnableRule takes. */
    public static boolean isEventBusNameOrArn(String s) {
        return s != null && (EVENT_BUS_NAME.matcher(s).matches() && !s.contains("..") || isArnOf(s, "events") && s.contains(":event-bus/"));
    }

    /** A domain name as Route 53 Domains registers it: lower case, at most 255 characters. */
    public static boolean isDomainName(String s) {
        return s != null && s.length() <= 255 && DOMAIN_NAME.matcher(s).matches();
    }

    /** What S3 default encryption takes as its KMS key: a key id, a key ARN, an alias name or an alias ARN. */
    public static boolean isKmsKeyReference(String s) {
        return isKmsKeyId(s) || s != null && KMS_ALIAS.matcher(s).matches() && !s.contains("..")
                || isArnOf(s, "kms") && (s.contains(":key/") || s.contains(":alias/"));
    }

    public static boolean isPort(long port) {
        return port >= 0 && port <= 65535;
    }

    /** A refused value as it may appear in an audit line or reason: short, printable, quoted. */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String shown = s.length() > 64 ? s.substring(0, 64) + "…(" + s.length() + " chars)" : s;
        StringBuilder out = new StringBuilder("'");
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == '\'') {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('\'').toString();
    }

    /** The reason a decision gives when it refuses a value from the event. */
    public static String refused(String field, String value, String format) {
        return "refused: " + field + " " + quote(value) + " is not " + format;
    }
}
