package io.trailguard.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.SampleEvents;
import software.amazon.event.ruler.Machine;

/**
 * Each test Sigma rule (src/test/resources/sigma/, shaped after SigmaHQ's rules/cloud/aws/cloudtrail) converted:
 * its output field by field, and its pattern compiled in an event-ruler Machine, with its conditions, matching the
 * events the Sigma rule matches and no others: real samples of the policies where one fits, else records written here.
 */
class SigmaConversionTest {

    static final Path RULES = Path.of("src", "test", "resources", "sigma");
    static final String API_CALL = "AWS API Call via CloudTrail";
    static final String SIGN_IN = "AWS Console Sign In via CloudTrail";

    final ObjectMapper json = new ObjectMapper();

    @Test
    void aListOfValuesAndAnOrOfOneFieldAreOneFieldOfThePattern() throws Exception {
        Map<String, Object> rule = convert("trail-stopped-or-deleted.yml");

        assertEquals("aws-cloudtrail-trail-stopped-or-deleted", rule.get("name"));
        assertEquals("cloudtrail", rule.get("handler"));
        assertEquals("AWS CloudTrail Trail Stopped Or Deleted: Detects a trail being stopped, or any Delete call of CloudTrail "
                + "(trails, event data stores, channels), which blinds the account's audit log. "
                + "(Sigma rule 0474eabd-8664-495d-892a-da103365cfe3)", rule.get("description"));
        assertEquals("HIGH", rule.get("severity"));
        assertEquals("alert", rule.get("mode"));
        assertPattern("""
                {"source": ["aws.cloudtrail"], "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["cloudtrail.amazonaws.com"], "eventName": ["StopLogging", {"prefix": "Delete"}]}}""", rule);
        assertNull(rule.get("conditions"));
        assertEquals("Sigma rule 'AWS CloudTrail Trail Stopped Or Deleted' matched ${detail.eventSource} ${detail.eventName} "
                + "by ${detail.userIdentity.arn}", rule.get("finding"));
        assertEquals("alert", rule.get("failed-calls"));
        assertNull(rule.get("read-only-events"), "StopLogging and Delete… are no read-only calls");
        assertEquals(List.of("T1562.008"), rule.get("attack"));
        assertEquals("https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html", rule.get("runbook"));
        assertNull(rule.get("actions"), "alert-only");

        assertTrue(matches(rule, sample("cloudtrail-tampering", "stop-logging-by-name")));
        assertTrue(matches(rule, sample("cloudtrail-tampering", "delete-trail")));
        assertTrue(matches(rule, record("cloudtrail.amazonaws.com", "DeleteEventDataStore", "{}")));
        assertFalse(matches(rule, sample("cloudtrail-tampering", "start-logging")));
        assertFalse(matches(rule, sample("cloudtrail-tampering", "put-event-selectors-no-management-events")));
        assertFalse(matches(rule, record("s3.amazonaws.com", "DeleteBucket", "{}")), "Delete of another service");
    }

    @Test
    void notOnAFieldEveryRecordHasIsAnythingBut() throws Exception {
        Map<String, Object> rule = convert("root-credentials.yml");

        assertEquals("aws-root-credentials", rule.get("name"));
        assertEquals("security", rule.get("handler"), "no event source: the default handler");
        assertEquals("MEDIUM", rule.get("severity"));
        assertPattern("""
                {"detail-type": ["AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail"],
                 "detail": {"userIdentity": {"type": ["Root"]}, "eventType": [{"anything-but": ["AwsServiceEvent"]}]}}""", rule);
        assertNull(rule.get("conditions"));
        assertEquals(true, rule.get("read-only-events"), "any call of the root user, Get/List/Describe included");
        assertEquals(List.of("T1078.004"), rule.get("attack"));

        assertTrue(matches(rule, sample("root-api-call", "root-create-bucket")));
        assertTrue(matches(rule, sample("root-api-call", "root-describe-instances-read-only")));
        assertTrue(matches(rule, sample("root-api-call", "root-console-sign-in")));
        assertFalse(matches(rule, sample("root-api-call", "iam-user-create-bucket")));
        ObjectNode serviceEvent = (ObjectNode) sample("root-api-call", "root-create-bucket");
        ((ObjectNode) serviceEvent.path("detail")).put("eventType", "AwsServiceEvent");
        assertFalse(matches(rule, serviceEvent), "the filtered event type");
    }

    @Test
    void notOnAFieldThatMayBeMissingIsANotCondition() throws Exception {
        Map<String, Object> rule = convert("bucket-enumeration.yml");

        assertEquals("s3", rule.get("handler"));
        assertEquals("LOW", rule.get("severity"));
        assertPattern("""
                {"source": ["aws.s3"], "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["s3.amazonaws.com"], "eventName": ["ListBuckets"]}}""", rule);
        assertConditions("""
                [{"not": {"predicate": "compare", "pointer": "/detail/userIdentity/type", "op": "eq", "value": "AssumedRole"}}]""", rule);
        assertEquals(true, rule.get("read-only-events"));
        assertEquals(List.of("T1580"), rule.get("attack"));

        assertTrue(matches(rule, record("s3.amazonaws.com", "ListBuckets", "{\"type\": \"IAMUser\", \"arn\": \"arn:aws:iam::123456789012:user/alice\"}")));
        assertTrue(matches(rule, record("s3.amazonaws.com", "ListBuckets", null)), "no userIdentity.type: the filter does not apply");
        assertFalse(matches(rule, record("s3.amazonaws.com", "ListBuckets", "{\"type\": \"AssumedRole\"}")));
        assertFalse(matches(rule, record("s3.amazonaws.com", "ListObjects", "{\"type\": \"IAMUser\"}")));
    }

    @Test
    void containsIsAWildcardAndOnAnObjectFieldContainsAllAreConditions() throws Exception {
        Map<String, Object> rule = convert("s3-browser-inline-policy.yml");

        assertEquals("aws-iam-s3browser-templated-inline-policy", rule.get("name"));
        assertEquals("iam", rule.get("handler"));
        assertPattern("""
                {"source": ["aws.iam"], "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["iam.amazonaws.com"], "eventName": ["PutUserPolicy"],
                            "userAgent": [{"wildcard": "*S3 Browser*"}]}}""", rule);
        assertConditions("""
                [{"predicate": "compare", "pointer": "/detail/requestParameters", "op": "contains", "value": "arn:aws:s3:::<YOUR-BUCKET-NAME>/"},
                 {"predicate": "compare", "pointer": "/detail/requestParameters", "op": "contains", "value": "s3:GetObject"},
                 {"predicate": "compare", "pointer": "/detail/requestParameters", "op": "contains", "value": "Allow"}]""", rule);
        assertEquals(List.of("T1059.009", "T1078.004"), rule.get("attack"), "tactic tags left out");

        String templated = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],"
                + "\"Resource\":\"arn:aws:s3:::<YOUR-BUCKET-NAME>/*\"}]}";
        assertTrue(matches(rule, putUserPolicy("S3 Browser 10.9.9 https://s3browser.com", templated)));
        assertFalse(matches(rule, putUserPolicy("aws-cli/2.15.0 Python/3.11.6", templated)), "another client");
        assertFalse(matches(rule, putUserPolicy("S3 Browser 10.9.9 https://s3browser.com", templated.replace("<YOUR-BUCKET-NAME>", "tg-demo-data"))),
                "the placeholder replaced");
        assertFalse(matches(rule, putUserPolicy("S3 Browser 10.9.9 https://s3browser.com", templated.replace("Allow", "Deny"))),
                "all of the values, not any");
    }

    @Test
    void startsWithExistsAndANegatedEndsWithUnderAllOf() throws Exception {
        Map<String, Object> rule = convert("lambda-layer-added-outside-ci.yml");

        assertEquals("compute", rule.get("handler"));
        assertPattern("""
                {"source": ["aws.lambda"], "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["lambda.amazonaws.com"], "eventName": [{"prefix": "UpdateFunctionConfiguration"}],
                            "requestParameters": {"layers": [{"exists": true}]}}}""", rule);
        assertConditions("""
                [{"not": {"predicate": "compare", "pointer": "/detail/userIdentity/arn", "op": "ends-with",
                          "value": ":assumed-role/ci-deployer/pipeline"}}]""", rule);
        assertEquals(List.of("T1525"), rule.get("attack"));

        String layers = "{\"functionName\": \"billing\", \"layers\": [\"arn:aws:lambda:us-east-1:123456789012:layer:x:3\"]}";
        String alice = "{\"type\": \"IAMUser\", \"arn\": \"arn:aws:iam::123456789012:user/alice\"}";
        String ci = "{\"type\": \"AssumedRole\", \"arn\": \"arn:aws:sts::123456789012:assumed-role/ci-deployer/pipeline\"}";
        assertTrue(matches(rule, record("lambda.amazonaws.com", "UpdateFunctionConfiguration20150331v2", alice, layers)));
        assertFalse(matches(rule, record("lambda.amazonaws.com", "UpdateFunctionConfiguration20150331v2", ci, layers)), "the CI role");
        assertFalse(matches(rule, record("lambda.amazonaws.com", "UpdateFunctionConfiguration20150331v2", alice,
                "{\"functionName\": \"billing\", \"memorySize\": 512}")), "no layers");
        assertFalse(matches(rule, record("lambda.amazonaws.com", "CreateFunction20150331", alice, layers)));
    }

    @Test
    void aRegexIsAMatchesConditionAndNotOneOfAListOfMapsIsNoneOfThem() throws Exception {
        Map<String, Object> rule = convert("instance-credentials-outside-ssm.yml");

        assertEquals("instance-credentials-used-outside-of-ssm", rule.get("name"));
        assertPattern("""
                {"detail-type": ["AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail"],
                 "detail": {"eventSource": [{"anything-but": ["ssm.amazonaws.com"]}],
                            "eventName": [{"anything-but": ["RegisterManagedInstance"]}]}}""", rule);
        assertConditions("""
                [{"predicate": "compare", "pointer": "/detail/userIdentity/arn", "op": "matches",
                  "value": ".+:assumed-role/aws:ec2-instance/i-[0-9a-f]+"},
                 {"not": {"predicate": "compare", "pointer": "/detail/sourceIPAddress", "op": "eq", "value": "AWS Internal"}}]""", rule);
        assertEquals(List.of("T1078", "T1078.004", "T1552.005"), rule.get("attack"));
        assertEquals(true, rule.get("read-only-events"));

        String instance = "{\"type\": \"AssumedRole\", \"arn\": \"arn:aws:sts::123456789012:assumed-role/aws:ec2-instance/i-0a1b2c3d4e5f60718\"}";
        assertTrue(matches(rule, record("s3.amazonaws.com", "ListBuckets", instance)));
        assertFalse(matches(rule, record("ssm.amazonaws.com", "UpdateInstanceInformation", instance)), "the SSM agent");
        ObjectNode internal = (ObjectNode) record("s3.amazonaws.com", "ListBuckets", instance);
        ((ObjectNode) internal.path("detail")).put("sourceIPAddress", "AWS Internal");
        assertFalse(matches(rule, internal));
        assertFalse(matches(rule, record("s3.amazonaws.com", "ListBuckets", "{\"type\": \"IAMUser\", \"arn\": \"arn:aws:iam::123456789012:user/alice\"}")));
    }

    @Test
    void oneOfSelectionsOnDifferentFieldsIsAnOrOfThePattern() throws Exception {
        Map<String, Object> rule = convert("console-login-failed-or-without-mfa.yml");

        assertEquals("identity", rule.get("handler"));
        assertPattern("""
                {"source": ["aws.signin"], "detail-type": ["AWS Console Sign In via CloudTrail"],
                 "detail": {"eventSource": ["signin.amazonaws.com"], "eventName": ["ConsoleLogin"],
                            "$or": [{"responseElements": {"ConsoleLogin": ["Failure"]}},
                                    {"responseElements": {"ConsoleLogin": ["Success"]}, "additionalEventData": {"MFAUsed": ["No"]}}]}}""", rule);
        assertNull(rule.get("conditions"));
        assertNull(rule.get("read-only-events"), "ConsoleLogin is not read-only");

        assertTrue(matches(rule, sample("sign-in-failures", "iam-user-failed-once")));
        assertTrue(matches(rule, sample("sign-in-without-mfa", "iam-user-without-mfa")));
        assertFalse(matches(rule, sample("sign-in-without-mfa", "iam-user-with-mfa")));
        assertFalse(matches(rule, sample("root-api-call", "root-create-bucket")));
    }

    @Test
    void oneOfSelectionsOfSeveralFieldsEachAndAPlainWildcard() throws Exception {
        Map<String, Object> rule = convert("security-tooling-disabled.yml");

        assertEquals("security", rule.get("handler"), "both sources run in security");
        assertPattern("""
                {"source": ["aws.guardduty", "aws.config"], "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"$or": [{"eventSource": ["guardduty.amazonaws.com"], "eventName": ["DeleteDetector"]},
                                    {"eventSource": ["config.amazonaws.com"],
                                     "eventName": ["StopConfigurationRecorder", {"wildcard": "Delete*Recorder"}]}]}}""", rule);
        assertNull(rule.get("read-only-events"));

        assertTrue(matches(rule, sample("security-controls-disabled", "delete-detector")));
        assertTrue(matches(rule, sample("security-controls-disabled", "stop-configuration-recorder")));
        assertTrue(matches(rule, sample("security-controls-disabled", "delete-configuration-recorder")));
        assertFalse(matches(rule, sample("security-controls-disabled", "delete-delivery-channel")));
        assertFalse(matches(rule, sample("security-controls-disabled", "update-detector-disable")));
        assertFalse(matches(rule, record("guardduty.amazonaws.com", "DeleteConfigurationRecorder", "{}")), "each branch keeps its source");
    }

    @Test
    void cidrIsACidrOfThePattern() throws Exception {
        Map<String, Object> rule = convert("bucket-policy-from-untrusted-network.yml");

        assertEquals("CRITICAL", rule.get("severity"));
        assertPattern("""
                {"source": ["aws.s3"], "detail-type": ["AWS API Call via CloudTrail"],
                 "detail": {"eventSource": ["s3.amazonaws.com"], "eventName": ["PutBucketPolicy", "PutBucketAcl"],
                            "sourceIPAddress": [{"cidr": "198.51.100.0/24"}, {"cidr": "203.0.113.0/24"}]}}""", rule);

        JsonNode fromDocumentationNet = sample("s3-public-bucket", "put-bucket-acl-canned-public-read");
        assertEquals("203.0.113.10", fromDocumentationNet.path("detail").path("sourceIPAddress").asText());
        assertTrue(matches(rule, fromDocumentationNet));
        ObjectNode fromElsewhere = fromDocumentationNet.deepCopy();
        ((ObjectNode) fromElsewhere.path("detail")).put("sourceIPAddress", "192.0.2.44");
        assertFalse(matches(rule, fromElsewhere));
    }

    @Test
    void notOfAnAndIsAnyOfTheNegationsAndNotOfAllOfValuesIsAnyNot() throws Exception {
        Map<String, Object> rule = convertText("""
                title: Demorgan
                logsource: {product: aws, service: cloudtrail}
                detection:
                    selection:
                        eventSource: kms.amazonaws.com
                    filter_a:
                        userAgent|startswith: 'aws-internal'
                        sourceIPAddress|endswith: '.amazonaws.com'
                    filter_b:
                        requestParameters.keyId|contains|all: ['alias', 'backup']
                    condition: selection and not (filter_a and filter_b)
                level: informational
                """);

        assertEquals("LOW", rule.get("severity"), "informational has no lower rung");
        assertEquals("kms", rule.get("handler"));
        assertConditions("""
                [{"any": [{"not": {"predicate": "compare", "pointer": "/detail/userAgent", "op": "starts-with", "value": "aws-internal"}},
                          {"not": {"predicate": "compare", "pointer": "/detail/sourceIPAddress", "op": "ends-with", "value": ".amazonaws.com"}},
                          {"any": [{"not": {"predicate": "compare", "pointer": "/detail/requestParameters/keyId", "op": "contains", "value": "alias"}},
                                   {"not": {"predicate": "compare", "pointer": "/detail/requestParameters/keyId", "op": "contains", "value": "backup"}}]}]}]""",
                rule);
        String identity = "{\"type\": \"IAMUser\"}";
        ObjectNode filtered = (ObjectNode) record("kms.amazonaws.com", "Decrypt", identity, "{\"keyId\": \"alias/backup-key\"}");
        ((ObjectNode) filtered.path("detail")).put("userAgent", "aws-internal/3").put("sourceIPAddress", "backup.amazonaws.com");
        assertFalse(matches(rule, filtered), "both filters hold");
        ObjectNode other = filtered.deepCopy();
        ((ObjectNode) other.path("detail").path("requestParameters")).put("keyId", "alias/app-key");
        assertTrue(matches(rule, other), "filter_b does not hold");
    }

    @Test
    void sigmaWildcardsBecomeTheSimplestMatch() {
        assertEquals(new Expr.Value(Expr.Kind.EQUALS, "abc"), SigmaDetection.glob("abc", false, false));
        assertEquals(new Expr.Value(Expr.Kind.PREFIX, "abc"), SigmaDetection.glob("abc*", false, false));
        assertEquals(new Expr.Value(Expr.Kind.SUFFIX, "abc"), SigmaDetection.glob("*abc", false, false));
        assertEquals(new Expr.Value(Expr.Kind.CONTAINS, "abc"), SigmaDetection.glob("abc", true, true));
        assertEquals(new Expr.Value(Expr.Kind.CONTAINS, "abc"), SigmaDetection.glob("*abc*", true, true));
        assertEquals(new Expr.Value(Expr.Kind.WILDCARD, "a*c\\*"), SigmaDetection.glob("a*c\\*", false, false));
        assertEquals(new Expr.Value(Expr.Kind.EQUALS, "a*c"), SigmaDetection.glob("a\\*c", false, false));
        assertEquals(new Expr.Value(Expr.Kind.REGEX, "^\\Qa\\E.\\Qc\\E.*$"), SigmaDetection.glob("a?c", false, true));
    }

    /** The rule converted from one test file, which must convert. */
    private Map<String, Object> convert(String file) {
        SigmaCommand.Conversion conversion = new SigmaCommand().convert(List.of(RULES.resolve(file)));
        assertEquals(List.of(), conversion.refused());
        assertEquals(1, conversion.rules().size());
        return conversion.rules().get(0);
    }

    private Map<String, Object> convertText(String sigma) throws Exception {
        Path file = java.nio.file.Files.createTempFile("sigma", ".yml");
        try {
            java.nio.file.Files.writeString(file, sigma);
            SigmaCommand.Conversion conversion = new SigmaCommand().convert(List.of(file));
            assertEquals(List.of(), conversion.refused());
            return conversion.rules().get(0);
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    private void assertPattern(String expected, Map<String, Object> rule) throws Exception {
        assertEquals(json.readTree(expected), json.valueToTree(rule.get("pattern")));
    }

    private void assertConditions(String expected, Map<String, Object> rule) throws Exception {
        assertEquals(json.readTree(expected), json.valueToTree(rule.get("conditions")));
    }

    /** Whether the rule matches the event: its pattern compiled in a Machine, and its conditions. */
    private boolean matches(Map<String, Object> rule, JsonNode event) throws Exception {
        Machine machine = Machine.builder().build();
        machine.addRule((String) rule.get("name"), json.writeValueAsString(rule.get("pattern")));
        boolean matched = !machine.rulesForJSONEvent(event).isEmpty();
        return matched && RuleConditions.hold((List<?>) rule.get("conditions"), event);
    }

    private JsonNode sample(String policy, String name) throws Exception {
        return json.readTree(SampleEvents.read(policy, name));
    }

    private JsonNode record(String eventSource, String eventName, String userIdentity) throws Exception {
        return record(eventSource, eventName, userIdentity, null);
    }

    /** A CloudTrail record as EventBridge delivers it: the envelope's source and detail-type as for its event source. */
    private JsonNode record(String eventSource, String eventName, String userIdentity, String requestParameters) throws Exception {
        ObjectNode detail = json.createObjectNode().put("eventVersion", "1.09");
        if (userIdentity != null) {
            detail.set("userIdentity", json.readTree(userIdentity));
        }
        detail.put("eventTime", "2026-11-30T09:12:44Z").put("eventSource", eventSource).put("eventName", eventName)
                .put("awsRegion", "us-east-1").put("sourceIPAddress", "198.51.100.7").put("userAgent", "aws-cli/2.15.0");
        detail.set("requestParameters", requestParameters == null ? json.nullNode() : json.readTree(requestParameters));
        detail.putNull("responseElements");
        detail.put("eventID", "3c0e4a2b-7f0d-4c55-9e2a-1f3b5d7e9a01").put("readOnly", eventName.startsWith("List"))
                .put("eventType", "AwsApiCall").put("managementEvent", true).put("recipientAccountId", "123456789012")
                .put("eventCategory", "Management");
        ObjectNode event = json.createObjectNode().put("version", "0").put("id", "5f1b7c3e-0d2a-4e8f-9b6c-2a4d6e8f0b1c")
                .put("detail-type", eventSource.equals("signin.amazonaws.com") ? SIGN_IN : API_CALL)
                .put("source", "aws." + eventSource.substring(0, eventSource.indexOf('.'))).put("account", "123456789012")
                .put("time", "2026-11-30T09:12:44Z").put("region", "us-east-1");
        event.putArray("resources");
        event.set("detail", detail);
        return event;
    }

    private JsonNode putUserPolicy(String userAgent, String policyDocument) throws Exception {
        ObjectNode event = (ObjectNode) record("iam.amazonaws.com", "PutUserPolicy",
                "{\"type\": \"IAMUser\", \"arn\": \"arn:aws:iam::123456789012:user/alice\"}",
                json.writeValueAsString(Map.of("userName", "alice", "policyName", "s3-access", "policyDocument", policyDocument)));
        ((ObjectNode) event.path("detail")).put("userAgent", userAgent);
        return event;
    }
}
