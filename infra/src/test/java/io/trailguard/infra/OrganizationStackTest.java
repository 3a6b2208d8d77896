package io.trailguard.infra;

import static io.trailguard.infra.Synth.actions;
import static io.trailguard.infra.Synth.context;
import static io.trailguard.infra.Synth.props;
import static io.trailguard.infra.Synth.resources;
import static io.trailguard.infra.Synth.roleStatements;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The organization deployment: the central bus and functions, and the member accounts' StackSet template. */
class OrganizationStackTest {

    private static final Map<String, Object> ORGANIZATION = context("regions", "us-east-1", "deployment", "organization",
            "organizationId", "o-a1b2c3d4e5", "centralAccount", "111111111111", "externalId", "tg-ext-42");

    private final Catalog catalog = Synth.catalog();
    private final App app = Synth.app(ORGANIZATION);

    @Test
    void theCentralBusAdmitsOnlyAccountsOfTheOrganization() {
        Template central = Synth.template(app, "trailguard-central-us-east-1");
        central.hasResourceProperties("AWS::Events::EventBus", Map.of("Name", "trailguard-central"));
        central.resourceCountIs("AWS::Events::EventBusPolicy", 1);
        central.hasResourceProperties("AWS::Events::EventBusPolicy", Match.objectLike(Map.of("Statement", Map.of(
                "Effect", "Allow", "Principal", Map.of("AWS", "*"), "Action", "events:PutEvents",
                "Resource", Match.anyValue(), "Sid", Match.anyValue(),
                "Condition", Map.of("StringEquals", Map.of("aws:PrincipalOrgID", "o-a1b2c3d4e5"))))));
    }

    @Test
    void theCentralRulesListenOnTheCentralBusAndItsFunctionsMayAssumeTheMemberRole() {
        Template central = Synth.template(app, "trailguard-central-us-east-1");
        String bus = resources(central, "AWS::Events::EventBus").keySet().iterator().next();
        Map<String, Map<String, Object>> rules = resources(central, "AWS::Events::Rule");
        assertEquals(Synth.enabledByDefault(catalog).size(), rules.size());
        for (Map<String, Object> rule : rules.values()) {
            assertEquals(Map.of("Ref", bus), props(rule).get("EventBusName"));
        }
        central.hasResourceProperties("AWS::Events::Archive", Match.objectLike(Map.of("SourceArn", Map.of("Fn::GetAtt", List.of(bus, "Arn")))));
        for (Map.Entry<String, Map<String, Object>> function : resources(central, "AWS::Lambda::Function").entrySet()) {
            Map<?, ?> env = (Map<?, ?>) ((Map<?, ?>) props(function.getValue()).get("Environment")).get("Variables");
            assertEquals("trailguard-remediation", env.get("TRAILGUARD_CROSS_ACCOUNT_ROLE_NAME"));
            assertEquals("tg-ext-42", env.get("TRAILGUARD_CROSS_ACCOUNT_EXTERNAL_ID"));
            String roleId = (String) ((List<?>) ((Map<?, ?>) props(function.getValue()).get("Role")).get("Fn::GetAtt")).get(0);
            Map<String, Object> assume = roleStatements(central, roleId).stream()
                    .filter(s -> "sts:AssumeRole".equals(s.get("Action"))).findFirst().orElseThrow();
            assertEquals(Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                    ":iam::*:role/trailguard-remediation"))), assume.get("Resource"));
        }
        InterceptionStackTest.assertNoWildcardAction(central);
    }

    @Test
    void memberAccountsForwardTheWatchedEventsToTheCentralBusWithADeadLetterQueue() {
        Template member = Synth.template(app, "trailguard-member");
        member.resourceCountIs("AWS::Events::Rule", 1);
        Map<String, Object> rule = resources(member, "AWS::Events::Rule").values().iterator().next();
        assertEquals(catalog.forwardingPattern(), props(rule).get("EventPattern"));
        assertEquals(catalog.allDetailTypes(), catalog.forwardingPattern().get("detail-type"));
        for (CatalogPolicy policy : catalog.policies()) {
            List<?> sources = (List<?>) catalog.forwardingPattern().get("source");
            assertTrue(sources == null || sources.containsAll(policy.sources()), policy.name() + "'s events are forwarded");
        }
        Map<String, Object> target = InterceptionStackTest.targets(rule).get(0);
        assertTrue(target.get("Arn").toString().contains(":111111111111:event-bus/trailguard-central"), target.toString());
        assertTrue(target.containsKey("DeadLetterConfig"), target.toString());
        assertEquals(Map.of("MaximumRetryAttempts", 4, "MaximumEventAgeInSeconds", 3600), target.get("RetryPolicy"));
        // a StackSet template: no CDK bootstrap check, no assets
        assertFalse(member.toJSON().toString().contains("BootstrapVersion"));
        member.resourceCountIs("AWS::Lambda::Function", 0);
    }

    @Test
    void theMemberRoleTrustsOnlyTheCentralFunctionsRolesAndGrantsEveryPolicysActions() {
        Template member = Synth.template(app, "trailguard-member");
        member.resourceCountIs("AWS::IAM::Role", 2); // the remediation role, and the one EventBridge forwards with
        Map.Entry<String, Map<String, Object>> role = resources(member, "AWS::IAM::Role").entrySet().stream()
                .filter(r -> "trailguard-remediation".equals(props(r.getValue()).get("RoleName"))).findFirst().orElseThrow();
        assertEquals("RemediationRoleRegion", role.getValue().get("Condition"), "created in one region only (IAM is global)");
        Map<?, ?> trust = (Map<?, ?>) ((List<?>) ((Map<?, ?>) props(role.getValue()).get("AssumeRolePolicyDocument")).get("Statement")).get(0);
        assertEquals("sts:AssumeRole", trust.get("Action"));
        assertEquals(Map.of("AWS", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":iam::111111111111:root")))),
                trust.get("Principal"));
        assertEquals(Map.of(
                "ArnLike", Map.of("aws:PrincipalArn", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                        ":iam::111111111111:role/trailguard-fn-*")))),
                "StringEquals", Map.of("sts:ExternalId", "tg-ext-42")), trust.get("Condition"));
        assertEquals(new TreeSet<>(catalog.allActions()), actions(roleStatements(member, role.getKey())),
                "the union of every policy's actions, and nothing else");
        InterceptionStackTest.assertNoWildcardAction(member);
    }

    @Test
    void aPolicyWatchingEverySourceIsRuledAndForwardedByDetailTypeAlone() {
        CatalogPolicy policy = catalog.policies().get(0);
        Map<String, Object> pattern = Map.of("detail-type", policy.detailTypes(),
                "detail", Map.of("userIdentity", Map.of("type", List.of("Root"))));
        Map<String, Object> context = new java.util.HashMap<>(ORGANIZATION);
        context.put("catalog", Synth.catalogWith(policy.name(), Map.of("pattern", pattern, "sources", List.of())).toString());
        App everySource = Synth.app(context);
        Template central = Synth.template(everySource, "trailguard-central-us-east-1");
        assertEquals(1, resources(central, "AWS::Events::Rule").values().stream()
                .filter(r -> props(r).get("EventPattern").equals(pattern)).count(), "its rule has its pattern, nothing added");
        Map<String, Object> forward = resources(Synth.template(everySource, "trailguard-member"), "AWS::Events::Rule").values().iterator().next();
        assertEquals(Map.of("detail-type", catalog.allDetailTypes()), props(forward).get("EventPattern"));
    }

    @Test
    void organizationSettingsAreRequired() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Synth.app(context("regions", "us-east-1", "deployment", "organization", "centralAccount", "111111111111")));
        assertTrue(e.getMessage().contains("organizationId"), e.getMessage());
    }
}
