package io.trailguard.predicates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** AWS's identifier formats: real names pass, crafted ones (injection, traversal, oversize) do not. */
class AwsIdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = { "tg-demo-data", "my.bucket.name", "abc", "a1-b2.c3", "tg-cloudtrail-logs-123456789012" })
    void bucketNames(String name) {
        assertTrue(AwsIdentifiers.isBucketName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "ab", "Tg-Demo", "../etc", "a..b", "bucket/key", "bucket\"}", "192.168.1.1", "-abc", "abc-",
            "xn--abc", "a.-b", "tg demo", "tg%2Fdemo" })
    void notBucketNames(String name) {
        assertFalse(AwsIdentifiers.isBucketName(name));
    }

    @Test
    void bucketNameLengthLimit() {
        assertTrue(AwsIdentifiers.isBucketName("a".repeat(63)));
        assertFalse(AwsIdentifiers.isBucketName("a".repeat(64)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "alice", "app-runner", "ci+deploy=prod,eu.west@x_y" })
    void iamNames(String name) {
        assertTrue(AwsIdentifiers.isIamName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "alice/../bob", "bob\"}", "a b", "alice\nmallory", "*", "ñame" })
    void notIamNames(String name) {
        assertFalse(AwsIdentifiers.isIamName(name));
    }

    @Test
    void accessKeyIds() {
        assertTrue(AwsIdentifiers.isAccessKeyId("AKIA2EXAMPLEBOBKEY01"));
        assertFalse(AwsIdentifiers.isAccessKeyId("AKIA../../x"));
        assertFalse(AwsIdentifiers.isAccessKeyId("akia2examplebobkey01"));
        assertFalse(AwsIdentifiers.isAccessKeyId("AKIA1"));
    }

    @Test
    void trailNamesAndArns() {
        assertTrue(AwsIdentifiers.isTrailNameOrArn("tg-audit-trail"));
        assertTrue(AwsIdentifiers.isTrailNameOrArn("arn:aws:cloudtrail:us-east-1:123456789012:trail/tg-audit-trail"));
        assertFalse(AwsIdentifiers.isTrailNameOrArn("tg--trail"));
        assertFalse(AwsIdentifiers.isTrailNameOrArn("../tg-audit-trail"));
        assertFalse(AwsIdentifiers.isTrailNameOrArn("arn:aws:cloudtrail:us-east-1:123456789012:trail/../x"));
        assertFalse(AwsIdentifiers.isTrailNameOrArn("S3 data events of one bucket only"));
    }

    @Test
    void arns() {
        assertTrue(AwsIdentifiers.isArn("arn:aws:iam::aws:policy/AdministratorAccess"));
        assertTrue(AwsIdentifiers.isArn("arn:aws:iam::123456789012:role/trailguard-s3"));
        assertTrue(AwsIdentifiers.isArn("arn:aws:s3:::tg-demo-data"));
        assertFalse(AwsIdentifiers.isArn("arn:aws:iam::aws:policy/Admin\"},{\"Effect"));
        assertFalse(AwsIdentifiers.isArn("arn:aws:iam::12345:role/x"));
        assertFalse(AwsIdentifiers.isArn("arn:aws:iam::123456789012:role/../admin"));
        assertFalse(AwsIdentifiers.isArn("not-an-arn"));
    }

    @Test
    void securityGroupsAndPorts() {
        assertTrue(AwsIdentifiers.isSecurityGroupId("sg-0123456789abcdef0"));
        assertTrue(AwsIdentifiers.isSecurityGroupId("sg-12345678"));
        assertFalse(AwsIdentifiers.isSecurityGroupId("sg-1234"));
        assertFalse(AwsIdentifiers.isSecurityGroupId("sg-0123456789ABCDEF0"));
        assertTrue(AwsIdentifiers.isPort(0) && AwsIdentifiers.isPort(65535));
        assertFalse(AwsIdentifiers.isPort(-1) || AwsIdentifiers.isPort(65536));
    }

    @Test
    void regionsRuleAndBusNamesDomainsAndKmsKeyReferences() {
        assertTrue(AwsIdentifiers.isRegion("us-east-1") && AwsIdentifiers.isRegion("us-gov-west-1") && AwsIdentifiers.isRegion("ap-southeast-4"));
        assertFalse(AwsIdentifiers.isRegion("us-east-1/../x") || AwsIdentifiers.isRegion("US-EAST-1") || AwsIdentifiers.isRegion("global"));
        assertTrue(AwsIdentifiers.isEventRuleName("trailguard-us-east-1-InterceptionRules3publicbuc-1XQ7ZK2M3ABC"));
        assertFalse(AwsIdentifiers.isEventRuleName("a".repeat(65)) || AwsIdentifiers.isEventRuleName("rule/other") || AwsIdentifiers.isEventRuleName(""));
        assertTrue(AwsIdentifiers.isEventBusNameOrArn("default") && AwsIdentifiers.isEventBusNameOrArn("trailguard-central")
                && AwsIdentifiers.isEventBusNameOrArn("arn:aws:events:us-east-1:123456789012:event-bus/trailguard-central"));
        assertFalse(AwsIdentifiers.isEventBusNameOrArn("../default") || AwsIdentifiers.isEventBusNameOrArn("bus name"));
        assertTrue(AwsIdentifiers.isDomainName("example-shop.com") && AwsIdentifiers.isDomainName("shop.example.co.uk"));
        assertFalse(AwsIdentifiers.isDomainName("Example.COM") || AwsIdentifiers.isDomainName("example..com")
                || AwsIdentifiers.isDomainName("-example.com") || AwsIdentifiers.isDomainName("example.com;rm") || AwsIdentifiers.isDomainName("localhost"));
        assertTrue(AwsIdentifiers.isKmsKeyReference("1234abcd-12ab-34cd-56ef-1234567890ab") && AwsIdentifiers.isKmsKeyReference("alias/s3-default")
                && AwsIdentifiers.isKmsKeyReference("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
        assertFalse(AwsIdentifiers.isKmsKeyReference("alias/../x") || AwsIdentifiers.isKmsKeyReference("my key")
                || AwsIdentifiers.isKmsKeyReference("arn:aws:s3:::bucket"));
    }

    @Test
    void refusedValuesAreQuotedShortAndPrintable() {
        assertEquals("refused: bucketName 'a\\u000ab' is not a valid S3 bucket name",
                AwsIdentifiers.refused("bucketName", "a\nb", "a valid S3 bucket name"));
        assertTrue(AwsIdentifiers.quote("x".repeat(5000)).length() < 100);
    }
}
