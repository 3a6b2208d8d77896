package io.trailguard.handler;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.Lambda;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Bad input through the Lambda runtime loop: each is rejected with a clear reason and no AWS call, and the
 * runtime goes on to serve the next event, which is remediated as usual.
 */
@QuarkusTest
class BadInputTest {

    @Inject
    S3Client s3;

    @BeforeEach
    void freshAccount() {
        MotoServer.reset();
        s3.createBucket(b -> b.bucket("tg-demo-data"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            malformed JSON         | {"detail-type": "AWS API Call via CloudTrail", "detail": {   | malformed JSON
            empty object           | {}                                                           | detail-type: missing, expected a non-empty string
            JSON array             | [1, 2, 3]                                                    | not a JSON object
            wrong detail-type      | {"detail-type": "EC2 Instance State-change Notification", "source": "aws.ec2", "detail": {}} | unsupported detail-type
            missing detail         | {"detail-type": "AWS API Call via CloudTrail", "source": "aws.s3"} | detail: missing, expected an object
            detail of wrong type   | {"detail-type": "AWS API Call via CloudTrail", "source": "aws.s3", "detail": "PutBucketAcl"} | detail: expected an object, got a string
            eventName of wrong type| {"detail-type": "AWS API Call via CloudTrail", "source": "aws.s3", "detail": {"eventSource": "s3.amazonaws.com", "eventName": 42}} | detail.eventName: expected a non-empty string, got a number
            userIdentity of wrong type | {"detail-type": "AWS API Call via CloudTrail", "source": "aws.s3", "detail": {"eventSource": "s3.amazonaws.com", "eventName": "PutBucketAcl", "userIdentity": ["alice"]}} | detail.userIdentity: expected an object, got an array
            caller ARN of wrong type | {"detail-type": "AWS API Call via CloudTrail", "source": "aws.s3", "detail": {"eventSource": "s3.amazonaws.com", "eventName": "PutBucketAcl", "userIdentity": {"type": "IAMUser", "arn": {"x": 1}}}} | detail.userIdentity.arn: expected a string, got an object
            """)
    void isRejectedAndTheRuntimeKeepsServing(String name, String body, String reason) {
        Lambda.invoke(body).statusCode(200)
                .body("status", equalTo("rejected"))
                .body("reason", containsString(reason));

        Lambda.invoke(SampleEvents.read("s3-public-bucket", "delete-bucket-public-access-block")).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions[0].actions[0].outcome", equalTo("applied"));
    }

    @Test
    void aWrongTypeInAFieldNoDecisionNeedsIsDecidedActedOnAndNoted() {
        String event = SampleEvents.read("s3-public-bucket", "put-bucket-acl-canned-public-read")
                .replace("\"readOnly\": false", "\"readOnly\": {\"x\": 1}");

        Lambda.invoke(event).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions[0].matched", equalTo(true))
                .body("decisions[0].actions.outcome", org.hamcrest.Matchers.hasItem("applied"))
                .body("decisions[0].oddities", equalTo(java.util.List.of("detail.readOnly: expected a boolean, got an object")));
        org.junit.jupiter.api.Assertions.assertTrue(
                s3.getPublicAccessBlock(b -> b.bucket("tg-demo-data")).publicAccessBlockConfiguration().blockPublicAcls());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            PutBucketAcl without bucketName | {"detail-type": "AWS API Call via CloudTrail", "source": "aws.s3", "detail": {"eventSource": "s3.amazonaws.com", "eventName": "PutBucketAcl", "requestParameters": {"x-amz-acl": ["public-read"]}}} | no bucketName
            PutBucketAcl with null requestParameters | {"detail-type": "AWS API Call via CloudTrail", "source": "aws.s3", "detail": {"eventSource": "s3.amazonaws.com", "eventName": "PutBucketAcl", "requestParameters": null}} | no bucketName
            PutBucketPolicy with a policy that is not JSON | {"detail-type": "AWS API Call via CloudTrail", "source": "aws.s3", "detail": {"eventSource": "s3.amazonaws.com", "eventName": "PutBucketPolicy", "requestParameters": {"bucketName": "tg-demo-data", "bucketPolicy": "{not json"}}} | bucketPolicy is not JSON
            """)
    void missingFieldsInAMatchedEventAreANoFindingNeverARemediation(String name, String body, String reason) {
        Lambda.invoke(body).statusCode(200)
                .body("status", equalTo("decided"))
                .body("decisions[0].matched", equalTo(false))
                .body("decisions[0].reason", containsString(reason))
                .body("decisions[0].actions", org.hamcrest.Matchers.empty());
        assertThrows(S3Exception.class, () -> s3.getPublicAccessBlock(b -> b.bucket("tg-demo-data")),
                "no public access block was put");
    }
}
