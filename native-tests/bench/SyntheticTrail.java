import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Writes synthetic CloudTrail log files as CloudTrail delivers them to S3 (gzip {"Records":[…]}, CloudTrail's
 * key layout) with a realistic mix: mostly reads, some writes, near misses, a few findings, failed calls and
 * service events. JDK only, so it runs as a source file:
 *   java native-tests/bench/SyntheticTrail.java OUT_DIR RECORDS FILES [SEED]
 */
public class SyntheticTrail {

    static final String ACCOUNT = "123456789012";
    static final DateTimeFormatter KEY_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    /** weight, eventSource, eventName, readOnly, requestParameters, responseElements (… per 10 000 records). */
    static final Object[][] MIX = {
            { 1400, "ec2", "DescribeInstances", true, "{\"instancesSet\":{},\"filterSet\":{}}", "null" },
            { 700, "ec2", "DescribeSecurityGroups", true, "{\"securityGroupSet\":{},\"securityGroupIdSet\":{}}", "null" },
            { 1200, "sts", "AssumeRole", true, "{\"roleArn\":\"arn:aws:iam::123456789012:role/app-%d\",\"roleSessionName\":\"session-%d\",\"durationSeconds\":3600}", "{\"credentials\":{\"accessKeyId\":\"ASIAEXAMPLE%08d\",\"sessionToken\":\"IQoJb3JpZ2luX2VjEXAMPLE\",\"expiration\":\"Nov 20, 2026, 11:05:00 AM\"}}" },
            { 600, "sts", "GetCallerIdentity", true, "null", "null" },
            { 1300, "kms", "Decrypt", true, "{\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\",\"encryptionContext\":{\"aws:lambda:FunctionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:app-%d\"}}", "null" },
            { 500, "kms", "GenerateDataKey", true, "{\"keyId\":\"alias/app-%d\",\"keySpec\":\"AES_256\"}", "null" },
            { 700, "s3", "GetBucketAcl", true, "{\"bucketName\":\"app-data-%d\",\"Host\":\"app-data-%d.s3.us-east-1.amazonaws.com\",\"acl\":\"\"}", "null" },
            { 500, "s3", "ListBuckets", true, "{\"Host\":\"s3.us-east-1.amazonaws.com\"}", "null" },
            { 400, "s3", "GetBucketPolicy", true, "{\"bucketName\":\"app-data-%d\",\"Host\":\"app-data-%d.s3.us-east-1.amazonaws.com\",\"policy\":\"\"}", "null" },
            { 500, "logs", "CreateLogStream", false, "{\"logGroupName\":\"/aws/lambda/app-%d\",\"logStreamName\":\"2026/11/20/[$LATEST]%08d\"}", "null" },
            { 400, "logs", "DescribeLogGroups", true, "{\"logGroupNamePrefix\":\"/aws/lambda/app-%d\"}", "null" },
            { 400, "iam", "GetRole", true, "{\"roleName\":\"app-%d\"}", "null" },
            { 200, "iam", "ListAccessKeys", true, "{\"userName\":\"svc-%d\"}", "null" },
            { 150, "cloudtrail", "GetTrailStatus", true, "{\"name\":\"arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail\"}", "null" },
            { 150, "cloudtrail", "DescribeTrails", true, "{\"trailNameList\":[],\"includeShadowTrails\":true}", "null" },
            { 300, "lambda", "ListFunctions20150331", true, "null", "null" },
            { 100, "signin", "ConsoleLogin", false, "null", "{\"ConsoleLogin\":\"Success\"}" },
            { 80, "s3", "PutBucketAcl", false, "{\"bucketName\":\"app-data-%d\",\"Host\":\"app-data-%d.s3.us-east-1.amazonaws.com\",\"acl\":\"\",\"x-amz-acl\":[\"private\"]}", "null" },
            { 40, "s3", "PutBucketPolicy", false, "{\"bucketName\":\"app-data-%d\",\"Host\":\"app-data-%d.s3.us-east-1.amazonaws.com\",\"policy\":\"\",\"bucketPolicy\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::app-data-%d/*\",\"Condition\":{\"StringEquals\":{\"aws:SourceVpce\":\"vpce-0a1b2c3d\"}}}]}}", "null" },
            { 30, "iam", "AttachRolePolicy", false, "{\"roleName\":\"app-%d\",\"policyArn\":\"arn:aws:iam::aws:policy/ReadOnlyAccess\"}", "null" },
            { 20, "iam", "CreateUser", false, "{\"userName\":\"svc-%d\"}", "{\"user\":{\"path\":\"/\",\"userName\":\"svc-%d\",\"userId\":\"AIDAEXAMPLE%08d\",\"arn\":\"arn:aws:iam::123456789012:user/svc-%d\",\"createDate\":\"Nov 20, 2026, 10:15:29 AM\"}}" },
            // findings, rare as in real trails
            { 6, "s3", "PutBucketAcl", false, "{\"bucketName\":\"app-data-%d\",\"Host\":\"app-data-%d.s3.us-east-1.amazonaws.com\",\"acl\":\"\",\"x-amz-acl\":[\"public-read\"]}", "null" },
            { 3, "s3", "DeleteBucketPublicAccessBlock", false, "{\"bucketName\":\"app-data-%d\",\"Host\":\"app-data-%d.s3.us-east-1.amazonaws.com\",\"publicAccessBlock\":\"\"}", "null" },
            { 8, "iam", "CreateAccessKey", false, "{\"userName\":\"svc-%d\"}", "{\"accessKey\":{\"userName\":\"svc-%d\",\"accessKeyId\":\"AKIAEXAMPLE%08d\",\"status\":\"Active\",\"createDate\":\"Nov 20, 2026, 10:15:29 AM\"}}" },
            { 2, "iam", "AttachUserPolicy", false, "{\"userName\":\"svc-%d\",\"policyArn\":\"arn:aws:iam::aws:policy/AdministratorAccess\"}", "null" },
            { 1, "cloudtrail", "StopLogging", false, "{\"name\":\"arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail\"}", "null" },
            // the same calls refused: failed calls are skipped
            { 10, "s3", "PutBucketAcl", false, "{\"bucketName\":\"app-data-%d\",\"Host\":\"app-data-%d.s3.us-east-1.amazonaws.com\",\"acl\":\"\",\"x-amz-acl\":[\"public-read-write\"]}", "DENIED" },
            // AWS service events: in the logs, not decided
            { 50, "kms", "RotateKey", false, "SERVICE", "null" },
    };

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: java native-tests/bench/SyntheticTrail.java OUT_DIR RECORDS FILES [SEED]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long records = Long.parseLong(args[1]);
        int files = Integer.parseInt(args[2]);
        Random random = new Random(args.length > 3 ? Long.parseLong(args[3]) : 42);
        int total = 0;
        for (Object[] m : MIX) {
            total += (int) m[0];
        }
        Instant time = Instant.parse("2026-11-20T08:00:00Z");
        long written = 0;
        for (int f = 0; f < files; f++) {
            long n = records / files + (f < records % files ? 1 : 0);
            Path dir = out.resolve("AWSLogs/" + ACCOUNT + "/CloudTrail/us-east-1/" + DAY.format(time));
            Files.createDirectories(dir);
            Path file = dir.resolve(ACCOUNT + "_CloudTrail_us-east-1_" + KEY_TIME.format(time) + "_"
                    + Long.toHexString(random.nextLong() & 0xffffffffffffL) + ".json.gz");
            try (Writer w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16),
                    StandardCharsets.UTF_8), 1 << 16)) {
                w.write("{\"Records\":[");
                for (long i = 0; i < n; i++) {
                    if (i > 0) {
                        w.write(',');
                    }
                    time = time.plusMillis(random.nextInt(40));
                    w.write(record(pick(random, total), random, time));
                }
                w.write("]}");
            }
            written += n;
        }
        System.out.printf("%,d records in %d files under %s%n", written, files, out);
    }

    static Object[] pick(Random random, int total) {
        int r = random.nextInt(total);
        for (Object[] m : MIX) {
            r -= (int) m[0];
            if (r < 0) {
                return m;
            }
        }
        return MIX[0];
    }

    static String record(Object[] m, Random random, Instant time) {
        String service = (String) m[1];
        String name = (String) m[2];
        int id = random.nextInt(400);
        String request = ((String) m[4]).replace("%d", String.valueOf(id)).replace("%08d", String.format("%08d", random.nextInt(100_000_000)));
        String response = ((String) m[5]).replace("%d", String.valueOf(id)).replace("%08d", String.format("%08d", random.nextInt(100_000_000)));
        boolean denied = response.equals("DENIED");
        boolean serviceEvent = request.equals("SERVICE");
        boolean signIn = service.equals("signin");
        String who = random.nextInt(10) < 7
                ? "{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLEAPP%04d:session-%d\",\"arn\":\"arn:aws:sts::123456789012:assumed-role/app-%d/session-%d\",\"accountId\":\"123456789012\",\"accessKeyId\":\"ASIAEXAMPLE%08d\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLEAPP%04d\",\"arn\":\"arn:aws:iam::123456789012:role/app-%d\",\"accountId\":\"123456789012\",\"userName\":\"app-%d\"},\"attributes\":{\"creationDate\":\"2026-11-20T07:55:00Z\",\"mfaAuthenticated\":\"false\"}}}"
                        .formatted(id, id, id, id, random.nextInt(100_000_000), id, id, id)
                : "{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLEUSER%04d\",\"arn\":\"arn:aws:iam::123456789012:user/dev-%d\",\"accountId\":\"123456789012\",\"accessKeyId\":\"AKIAEXAMPLE%08d\",\"userName\":\"dev-%d\"}"
                        .formatted(id, id, random.nextInt(100_000_000), id);
        if (serviceEvent) {
            who = "{\"accountId\":\"123456789012\",\"invokedBy\":\"kms.amazonaws.com\"}";
        }
        StringBuilder r = new StringBuilder(1600);
        r.append("{\"eventVersion\":\"1.09\",\"userIdentity\":").append(who)
                .append(",\"eventTime\":\"").append(time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append('"')
                .append(",\"eventSource\":\"").append(service).append(".amazonaws.com\"")
                .append(",\"eventName\":\"").append(name).append('"')
                .append(",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"")
                .append(serviceEvent ? "kms.amazonaws.com" : "198.51.100." + (id % 250)).append('"')
                .append(",\"userAgent\":\"").append(serviceEvent ? "kms.amazonaws.com"
                        : "aws-sdk-java/2.40.2 Linux/6.8.0 OpenJDK_64-Bit_Server_VM/17.0.15 Java/17.0.15 md/io#sync md/http#UrlConnection cfg/retry-mode#legacy").append('"');
        if (denied) {
            r.append(",\"errorCode\":\"AccessDenied\",\"errorMessage\":\"User is not authorized to perform: ").append(service).append(':').append(name).append('"');
        }
        r.append(",\"requestParameters\":").append(serviceEvent ? "null" : request)
                .append(",\"responseElements\":").append(denied ? "null" : response);
        if (service.equals("s3")) {
            r.append(",\"additionalEventData\":{\"SignatureVersion\":\"SigV4\",\"CipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"bytesTransferredIn\":0,\"AuthenticationMethod\":\"AuthHeader\",\"x-amz-id-2\":\"EXAMPLEid2\",\"bytesTransferredOut\":0}");
        }
        if (signIn) {
            r.append(",\"additionalEventData\":{\"LoginTo\":\"https://console.aws.amazon.com/console/home\",\"MobileVersion\":\"No\",\"MFAUsed\":\"Yes\"}");
        }
        r.append(",\"requestID\":\"").append(new UUID(random.nextLong(), random.nextLong())).append('"')
                .append(",\"eventID\":\"").append(new UUID(random.nextLong(), random.nextLong())).append('"')
                .append(",\"readOnly\":").append(m[3])
                .append(",\"eventType\":\"").append(serviceEvent ? "AwsServiceEvent" : signIn ? "AwsConsoleSignIn" : "AwsApiCall").append('"')
                .append(",\"managementEvent\":true,\"recipientAccountId\":\"123456789012\",\"eventCategory\":\"Management\"");
        if (!serviceEvent && !signIn) {
            r.append(",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\"")
                    .append(service).append(".us-east-1.amazonaws.com\"}");
        }
        return r.append('}').toString();
    }
}
