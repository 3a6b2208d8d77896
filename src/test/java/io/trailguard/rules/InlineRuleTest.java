package io.trailguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.trailguard.CapturingAuditLog;
import io.trailguard.Lambda;
import io.trailguard.catalog.PolicyCatalog;
import io.trailguard.engine.PolicyRegistry;
import io.trailguard.notify.AuditRecord;
import io.trailguard.policy.Mode;

/** A rule given in trailguard.rules.inline is read at start and decides events through the real handler path. */
@QuarkusTest
@TestProfile(InlineRuleProfile.class)
class InlineRuleTest {

    @Inject
    CapturingAuditLog audit;
    @Inject
    PolicyRegistry registry;
    @Inject
    PolicyCatalog catalog;

    @BeforeEach
    void clear() {
        audit.clearLatest();
    }

    @Test
    void theInlineRuleDecidesThroughTheHandlerAndItsAuditLineSaysSo() {
        Lambda.invoke(deleteTable("prod-orders", "arn:aws:iam::123456789012:user/alice")).statusCode(200);

        AuditRecord line = ruleLine();
        assertEquals(AuditRecord.DECISION, line.type());
        assertEquals(true, line.conclusion().matched());
        assertEquals("HIGH", line.conclusion().severity());
        // no mode in the rule: a new rule runs in dry-run
        assertEquals("dry-run", line.conclusion().mode());
        assertEquals("AWS::DynamoDB::Table prod-orders", line.conclusion().resource());
        assertEquals(List.of("table prod-orders deleted by arn:aws:iam::123456789012:user/alice in us-east-1"), line.conclusion().findings());
        assertEquals(Mode.DRY_RUN, registry.policies().get(InlineRuleProfile.RULE).mode());
        assertTrue(catalog.entries().stream().anyMatch(e -> e.name().equals(InlineRuleProfile.RULE)), "the catalog lists the rule");
    }

    @Test
    void itsConditionsAndItsPropertyExemptionsHold() {
        Lambda.invoke(deleteTable("test-orders", "arn:aws:iam::123456789012:user/alice")).statusCode(200);
        AuditRecord other = ruleLine();
        assertEquals(false, other.conclusion().matched(), "a table that is not prod- is no finding");

        audit.clearLatest();
        Lambda.invoke(deleteTable("prod-orders", "arn:aws:sts::123456789012:assumed-role/table-janitor/nightly")).statusCode(200);
        assertEquals("exempt principal", ruleLine().conclusion().skipped());
    }

    private AuditRecord ruleLine() {
        List<AuditRecord> lines = audit.latest().stream().filter(r -> InlineRuleProfile.RULE.equals(r.policy())).toList();
        assertEquals(1, lines.size(), "one audit line of the rule: " + audit.latest());
        return lines.get(0);
    }

    private static String deleteTable(String table, String caller) {
        String type = caller.contains(":assumed-role/") ? "AssumedRole" : "IAMUser";
        String issuer = caller.contains(":assumed-role/")
                ? ", \"sessionContext\": {\"sessionIssuer\": {\"type\": \"Role\", \"arn\": \"arn:aws:iam::123456789012:role/table-janitor\", \"accountId\": \"123456789012\", \"userName\": \"table-janitor\"}}"
                : "";
        return """
                {"version": "0", "id": "%s", "detail-type": "AWS API Call via CloudTrail", "source": "aws.dynamodb",
                 "account": "123456789012", "time": "2026-11-20T10:15:30Z", "region": "us-east-1", "resources": [],
                 "detail": {"eventVersion": "1.10", "userIdentity": {"type": "%s", "arn": "%s", "accountId": "123456789012"%s},
                   "eventTime": "2026-11-20T10:15:29Z", "eventSource": "dynamodb.amazonaws.com", "eventName": "DeleteTable",
                   "awsRegion": "us-east-1", "sourceIPAddress": "203.0.113.24", "userAgent": "aws-cli/2.22.4",
                   "requestParameters": {"tableName": "%s"}, "responseElements": {"tableDescription": {"tableName": "%s", "tableStatus": "DELETING"}},
                   "requestID": "REQ%s", "eventID": "%s", "readOnly": false, "eventType": "AwsApiCall", "managementEvent": true,
                   "recipientAccountId": "123456789012", "eventCategory": "Management"}}
                """.formatted(java.util.UUID.randomUUID(), type, caller, issuer, table, table, table.hashCode(), java.util.UUID.randomUUID());
    }
}
