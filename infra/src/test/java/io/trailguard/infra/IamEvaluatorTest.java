package io.trailguard.infra;

import static io.trailguard.infra.IamEvaluator.Outcome.ALLOWED;
import static io.trailguard.infra.IamEvaluator.Outcome.EXPLICITLY_DENIED;
import static io.trailguard.infra.IamEvaluator.Outcome.IMPLICITLY_DENIED;
import static io.trailguard.infra.IamEvaluator.evaluate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.trailguard.infra.IamEvaluator.Request;

/** The IAM evaluator on its own: plain statements, no template. */
class IamEvaluatorTest {

    static final String SG_REVOKE = "ec2:RevokeSecurityGroupIngress";
    static final String BUCKET = "arn:aws:s3:::tg-demo-data";

    static Map<String, Object> allow(Object action, Object resource) {
        return Map.of("Effect", "Allow", "Action", action, "Resource", resource);
    }

    @Test
    void anExactAllowAllowsAndNothingElse() {
        List<Map<String, Object>> policy = List.of(allow("s3:PutBucketPublicAccessBlock", "arn:aws:s3:::*"));
        assertEquals(ALLOWED, evaluate(policy, Request.of("s3:PutBucketPublicAccessBlock", BUCKET)));
        assertEquals(IMPLICITLY_DENIED, evaluate(policy, Request.of("s3:PutBucketPolicy", BUCKET)), "another action");
        assertEquals(IMPLICITLY_DENIED, evaluate(List.of(), Request.of("s3:PutBucketPolicy", BUCKET)), "no statement");
    }

    @Test
    void actionsMatchCaseInsensitivelyWithWildcards() {
        List<Map<String, Object>> policy = List.of(allow(List.of("EC2:revoke*", "iam:Get?olicy"), "*"));
        assertEquals(ALLOWED, evaluate(policy, Request.of(SG_REVOKE, "*")));
        assertEquals(ALLOWED, evaluate(policy, Request.of("ec2:RevokeSecurityGroupEgress", "*")));
        assertEquals(ALLOWED, evaluate(policy, Request.of("iam:GetPolicy", "*")));
        assertEquals(IMPLICITLY_DENIED, evaluate(policy, Request.of("iam:GetRolePolicy", "*")), "? is one character");
        assertEquals(IMPLICITLY_DENIED, evaluate(policy, Request.of("ec2:AuthorizeSecurityGroupIngress", "*")));
    }

    @Test
    void notActionAllowsEverythingButWhatItNames() {
        List<Map<String, Object>> policy = List.of(Map.of("Effect", "Allow", "NotAction", "iam:*", "Resource", "*"));
        assertEquals(ALLOWED, evaluate(policy, Request.of(SG_REVOKE, "*")));
        assertEquals(IMPLICITLY_DENIED, evaluate(policy, Request.of("iam:DetachRolePolicy", "*")));
    }

    @Test
    void anExplicitDenyWinsOverAnyAllow() {
        List<Map<String, Object>> policy = List.of(allow("s3:*", "*"),
                Map.of("Effect", "Deny", "Action", "s3:DeleteBucketPolicy", "Resource", BUCKET));
        assertEquals(EXPLICITLY_DENIED, evaluate(policy, Request.of("s3:DeleteBucketPolicy", BUCKET)));
        assertEquals(ALLOWED, evaluate(policy, Request.of("s3:DeleteBucketPolicy", "arn:aws:s3:::other")));
        assertEquals(ALLOWED, evaluate(policy, Request.of("s3:PutBucketPolicy", BUCKET)));
    }

    @Test
    void resourcesMatchCaseSensitivelyWithWildcards() {
        List<Map<String, Object>> policy = List.of(allow("iam:DetachRolePolicy",
                List.of("arn:aws:iam::123456789012:role/*", "arn:aws:iam::123456789012:user/b?b")));
        assertEquals(ALLOWED, evaluate(policy, Request.of("iam:DetachRolePolicy", "arn:aws:iam::123456789012:role/app-runner")));
        assertEquals(ALLOWED, evaluate(policy, Request.of("iam:DetachRolePolicy", "arn:aws:iam::123456789012:user/bob")));
        assertEquals(IMPLICITLY_DENIED, evaluate(policy, Request.of("iam:DetachRolePolicy", "arn:aws:iam::210987654321:role/app-runner")),
                "another account");
        assertEquals(IMPLICITLY_DENIED, evaluate(policy, Request.of("iam:DetachRolePolicy", "arn:aws:iam::123456789012:user/BOB")),
                "resources are case-sensitive");
        assertEquals(IMPLICITLY_DENIED, evaluate(policy, Request.of("iam:DetachRolePolicy", "*")),
                "a call that names no resource needs a grant on *");
    }

    @Test
    void notResourceExcludesWhatItNames() {
        List<Map<String, Object>> policy = List.of(Map.of("Effect", "Allow", "Action", "s3:*", "NotResource", "arn:aws:s3:::audit*"));
        assertEquals(ALLOWED, evaluate(policy, Request.of("s3:PutBucketAcl", BUCKET)));
        assertEquals(IMPLICITLY_DENIED, evaluate(policy, Request.of("s3:PutBucketAcl", "arn:aws:s3:::audit-logs")));
    }

    @Test
    void conditionsAsTheTemplatesUseThem() {
        // the KMS key policy: the account's root, limited to the functions' roles by name
        Map<String, Object> statement = Map.of("Effect", "Allow", "Principal", Map.of("AWS", "arn:aws:iam::123456789012:root"),
                "Action", List.of("kms:Decrypt", "kms:GenerateDataKey"), "Resource", "*",
                "Condition", Map.of("ArnLike", Map.of("aws:PrincipalArn", "arn:aws:iam::123456789012:role/trailguard-fn-*")));
        String function = "arn:aws:iam::123456789012:role/trailguard-fn-s3-us-east-1";
        Request generate = Request.of("kms:GenerateDataKey", "arn:aws:kms:us-east-1:123456789012:key/k").by(function);
        assertEquals(ALLOWED, evaluate(List.of(statement), generate.with(Map.of("aws:PrincipalArn", function))));
        assertEquals(IMPLICITLY_DENIED, evaluate(List.of(statement), generate.by("arn:aws:iam::123456789012:role/other")
                .with(Map.of("aws:PrincipalArn", "arn:aws:iam::123456789012:role/other"))), "another role of the account");
        assertEquals(IMPLICITLY_DENIED, evaluate(List.of(statement), generate), "condition key missing from the request");
        assertEquals(IMPLICITLY_DENIED, evaluate(List.of(statement), generate.by("arn:aws:iam::210987654321:role/trailguard-fn-s3")
                .with(Map.of("aws:PrincipalArn", "arn:aws:iam::210987654321:role/trailguard-fn-s3"))), "another account's principal");
    }

    @Test
    void conditionOperators() {
        assertTrue(IamEvaluator.holds("StringEquals", "ext-1", List.of("ext-1")));
        assertFalse(IamEvaluator.holds("StringEquals", "ext-2", List.of("ext-1")));
        assertFalse(IamEvaluator.holds("StringEquals", null, List.of("ext-1")), "a missing key fails a positive operator");
        assertTrue(IamEvaluator.holds("StringNotEquals", null, List.of("ext-1")), "and passes a negated one");
        assertTrue(IamEvaluator.holds("StringEqualsIfExists", null, List.of("ext-1")));
        assertTrue(IamEvaluator.holds("StringLike", "o-exampleorg1", List.of("o-*")));
        assertTrue(IamEvaluator.holds("Bool", "false", List.of("false")), "aws:SecureTransport false: the queues' TLS deny");
        assertFalse(IamEvaluator.holds("Bool", "true", List.of("false")));
        assertTrue(IamEvaluator.holds("Null", null, List.of("true")));
        assertTrue(IamEvaluator.arnLike("arn:aws:iam::*:role/trailguard-*", "arn:aws:iam::123456789012:role/trailguard-fn-s3"));
        assertFalse(IamEvaluator.arnLike("arn:aws:iam::*:role/*", "arn:aws:sts::123456789012:assumed-role/x/y"), "parts compared one by one");
        assertThrows(IllegalArgumentException.class, () -> IamEvaluator.holds("DateGreaterThan", "2026-01-01", List.of("2025-01-01")),
                "an operator not implemented fails loudly");
    }

    @Test
    void resourcePoliciesMatchThePrincipal() {
        Map<String, Object> topicPolicy = Map.of("Effect", "Allow", "Principal", Map.of("Service", "events.amazonaws.com"),
                "Action", "sns:Publish", "Resource", "arn:aws:sns:us-east-1:123456789012:alerts");
        Request publish = Request.of("sns:Publish", "arn:aws:sns:us-east-1:123456789012:alerts");
        assertEquals(ALLOWED, evaluate(List.of(topicPolicy), publish.by("events.amazonaws.com")));
        assertEquals(IMPLICITLY_DENIED, evaluate(List.of(topicPolicy), publish.by("lambda.amazonaws.com")));
        assertThrows(IllegalArgumentException.class, () -> evaluate(List.of(topicPolicy), publish), "who is asking must be said");
    }

    @Test
    void unresolvedValuesFailLoudly() {
        Map<String, Object> statement = allow("sns:Publish", Map.of("Ref", "AlertsTopic"));
        assertThrows(IllegalArgumentException.class, () -> evaluate(List.of(statement), Request.of("sns:Publish", "x")));
    }
}
