package io.trailguard.rules;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** One declarative rule given in the environment (trailguard.rules.inline), with no mode: it runs in dry-run. */
public class InlineRuleProfile implements QuarkusTestProfile {

    static final String RULE = "dynamodb-prod-table-deleted";

    static final String YAML = """
            rules:
              - name: dynamodb-prod-table-deleted
                handler: compute
                description: A production DynamoDB table was deleted
                severity: HIGH
                pattern: {"source": ["aws.dynamodb"], "detail-type": ["AWS API Call via CloudTrail"], "detail": {"eventName": ["DeleteTable"]}}
                conditions:
                  - predicate: compare
                    pointer: /detail/requestParameters/tableName
                    op: starts-with
                    value: prod-
                resource:
                  type: AWS::DynamoDB::Table
                  id: ${detail.requestParameters.tableName}
                finding: "table ${detail.requestParameters.tableName} deleted by ${detail.userIdentity.arn} in ${region}"
                attack: [T1485]
            """;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("trailguard.rules.inline", YAML,
                // a rule's properties are accepted like a Java policy's, not flagged as unknown
                "trailguard.policies.dynamodb-prod-table-deleted.exemptions.principals", "arn:aws:iam::*:role/table-janitor");
    }
}
