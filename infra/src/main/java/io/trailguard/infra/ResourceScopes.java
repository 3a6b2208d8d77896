package io.trailguard.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The resources a remediation action may touch, by service, so roles are not granted on "*" where the API
 * takes a resource. Services not listed here get "*" as resource (never as action).
 */
final class ResourceScopes {

    private static final String ACCOUNT_S3 = "s3-account";

    private ResourceScopes() {
    }

    /** One statement per service of {@code actions}, scoped to {@code account}'s resources of that service. */
    static List<PolicyStatement> statements(List<String> actions, String partition, String account) {
        Map<String, List<String>> byService = new TreeMap<>();
        for (String action : actions) {
            byService.computeIfAbsent(scope(action), s -> new ArrayList<>()).add(action);
        }
        List<PolicyStatement> statements = new ArrayList<>();
        byService.forEach((service, serviceActions) -> statements.add(PolicyStatement.Builder.create()
                .sid("Remediate" + Character.toUpperCase(service.charAt(0)) + service.substring(1).replaceAll("[^A-Za-z0-9]", ""))
                .effect(Effect.ALLOW).actions(serviceActions).resources(resources(service, partition, account)).build()));
        return statements;
    }

    static List<String> resources(String service, String partition, String account) {
        return switch (service) {
            // every other s3 remediation is a bucket-level call; bucket ARNs carry no account or region
            case "s3" -> List.of("arn:" + partition + ":s3:::*");
            // the account's own S3 settings (its public access block) take no resource
            case ACCOUNT_S3 -> List.of("*");
            case "iam" -> List.of("user/*", "role/*", "group/*", "policy/*").stream()
                    .map(r -> "arn:" + partition + ":iam::" + account + ":" + r).toList();
            // multi-region trails are managed from their home region, so any region of this account
            case "cloudtrail" -> List.of("arn:" + partition + ":cloudtrail:*:" + account + ":trail/*");
            default -> List.of("*");
        };
    }

    /** The statement an action belongs in: its service's, except S3's account-level actions, which have their own. */
    private static String scope(String action) {
        String service = service(action);
        return "s3".equals(service) && action.contains("Account") ? ACCOUNT_S3 : service;
    }

    private static String service(String action) {
        int colon = action.indexOf(':');
        if (colon <= 0 || action.contains("*")) {
            throw new IllegalArgumentException("not a single IAM action: " + action);
        }
        return action.substring(0, colon);
    }
}
