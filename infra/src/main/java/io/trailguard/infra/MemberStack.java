package io.trailguard.infra;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.EventBus;
import software.amazon.awscdk.services.events.targets.EventBusProps;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.CfnRole;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * A member account, every region (a StackSet from the organization's management or delegated account): a rule
 * forwarding the API-call events the policies watch to the central bus, and, in one region only since IAM is
 * global, the remediation role that only the central functions' roles may assume, with every policy's actions.
 * Environment-agnostic and asset-free, so its template deploys as a StackSet as it is.
 */
public class MemberStack extends Stack {

    private final Role role;

    public MemberStack(Construct scope, String id, StackProps props, Catalog catalog, Settings settings) {
        super(scope, id, props);
        String central = settings.centralAccount()
                .orElseThrow(() -> new IllegalArgumentException("deployment=organization needs -c centralAccount=<12 digits>"));

        Queue dlq = Queue.Builder.create(this, "ForwardingDeadLetters").encryption(QueueEncryption.SQS_MANAGED)
                .retentionPeriod(Duration.days(14)).enforceSsl(true).build();
        Rule forward = Rule.Builder.create(this, "ForwardToCentralBus")
                .description("trailguard: API-call events of the watched services to the central security account")
                // placeholder the override below replaces with the catalog's forwarding pattern
                .eventPattern(EventPattern.builder().account(List.of(Aws.ACCOUNT_ID)).build())
                .targets(List.of(new EventBus(software.amazon.awscdk.services.events.EventBus.fromEventBusArn(this, "CentralBus",
                        "arn:" + Aws.PARTITION + ":events:" + Aws.REGION + ":" + central + ":event-bus/" + settings.busName()),
                        EventBusProps.builder().deadLetterQueue(dlq).build())))
                .build();
        CfnRule cfn = (CfnRule) forward.getNode().getDefaultChild();
        Interception.setPattern(cfn, catalog.forwardingPattern());
        // the event-bus target has no retry setting in the L2 construct: set it on the resource
        cfn.addPropertyOverride("Targets.0.RetryPolicy", Map.of("MaximumRetryAttempts", settings.retryAttempts(),
                "MaximumEventAgeInSeconds", settings.maxEventAgeMinutes() * 60));
        if (catalog.anyReadOnlyEvents()) {
            cfn.addPropertyOverride("State", Interception.READ_ONLY_STATE);
        }

        CfnCondition roleRegion = CfnCondition.Builder.create(this, "RemediationRoleRegion")
                .expression(Fn.conditionEquals(Aws.REGION, settings.memberRoleRegion())).build();
        Map<String, Object> conditions = new java.util.LinkedHashMap<>();
        conditions.put("ArnLike", Map.of("aws:PrincipalArn",
                "arn:" + Aws.PARTITION + ":iam::" + central + ":role/" + Interception.ROLE_PREFIX + "*"));
        settings.externalId().ifPresent(externalId -> conditions.put("StringEquals", Map.of("sts:ExternalId", externalId)));
        role = Role.Builder.create(this, "RemediationRole").roleName(settings.remediationRoleName())
                .description("trailguard: remediation by the central security account's functions")
                .assumedBy(new AccountPrincipal(central).withConditions(conditions))
                .inlinePolicies(Map.of("trailguard-remediation", PolicyDocument.Builder.create()
                        .statements(ResourceScopes.statements(catalog.allActions(), Aws.PARTITION, Aws.ACCOUNT_ID)).build()))
                .build();
        ((CfnRole) role.getNode().getDefaultChild()).getCfnOptions().setCondition(roleRegion);
        CfnOutput output = CfnOutput.Builder.create(this, "RemediationRoleArn").value(role.getRoleArn()).build();
        output.setCondition(roleRegion);
    }

    public Role role() {
        return role;
    }
}
