package io.trailguard.predicates;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Who an IAM role's trust policy lets assume the role: everyone (principal {@code *} not pinned by a condition, as
 * {@link PublicAccess} judges it), and the AWS principals, by the account each names. Only Allow statements that
 * allow an {@code sts:AssumeRole*} action count: a trust statement for {@code sts:TagSession} alone lets no one in.
 */
public final class RoleTrust {

    public static final String EVERYONE = "*";

    // arn:<partition>:iam::<account>:root|user/..|role/..  and  arn:<partition>:sts::<account>:assumed-role/..
    private static final Pattern PRINCIPAL_ARN = Pattern.compile("arn:[a-z-]+:(iam|sts)::(\\d{12}):.+");
    private static final Set<String> ASSUME_ACTIONS = Set.of("*", "sts:*", "sts:assumerole", "sts:assumerole*",
            "sts:assumerolewithsaml", "sts:assumerolewithwebidentity");

    private RoleTrust() {
    }

    /** The Allow statements that let a principal assume the role. */
    public static List<JsonNode> assumeStatements(JsonNode policy) {
        return PublicAccess.statements(policy).stream().filter(RoleTrust::allowsAssume).toList();
    }

    /** Whether some statement lets anyone at all assume the role. */
    public static boolean openToEveryone(JsonNode policy) {
        return assumeStatements(policy).stream().anyMatch(PublicAccess::isPublic);
    }

    /** The AWS principals the assume statements name, as written ({@code *} left out: see {@link #openToEveryone}). */
    public static List<String> awsPrincipals(JsonNode policy) {
        List<String> principals = new ArrayList<>();
        for (JsonNode statement : assumeStatements(policy)) {
            for (String value : awsValues(statement.path("Principal"))) {
                if (!EVERYONE.equals(value) && !principals.contains(value)) {
                    principals.add(value);
                }
            }
        }
        return principals;
    }

    /**
     * The account an AWS principal belongs to: a bare account id, or the account field of an IAM or STS principal
     * ARN; null for anything else (a unique id IAM put in place of a deleted principal, a malformed value).
     */
    public static String accountOf(String principal) {
        if (principal == null) {
            return null;
        }
        if (AwsIdentifiers.isAccountId(principal)) {
            return principal;
        }
        Matcher arn = PRINCIPAL_ARN.matcher(principal);
        return arn.matches() ? arn.group(2) : null;
    }

    /**
     * A copy of the policy without the principals given: {@code *} where it lets everyone in (when {@code everyone}),
     * and every AWS principal of the given accounts, from the assume statements only. A statement left with no
     * principal is dropped; a policy left with no statement gets one that denies everyone, as IAM takes no empty one.
     */
    public static ObjectNode stripped(ObjectNode policy, boolean everyone, Set<String> accounts) {
        ObjectNode copy = policy.deepCopy();
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        boolean changed = false;
        for (JsonNode statement : PublicAccess.statements(copy)) {
            JsonNode left = allowsAssume(statement) ? withoutPrincipals((ObjectNode) statement, everyone, accounts) : statement;
            changed |= left != statement;
            if (left != null) {
                kept.add(left);
            }
        }
        if (!changed) {
            // the policy as it was, in its own shape: a caller compares it with the live one to know if anything is to do
            return copy;
        }
        if (kept.isEmpty()) {
            kept.add(denyEveryone());
        }
        copy.set("Statement", kept);
        return copy;
    }

    /** The statement itself when it names none of those principals; else a copy without them, or null when none is left. */
    private static JsonNode withoutPrincipals(ObjectNode statement, boolean everyone, Set<String> accounts) {
        boolean strippingStar = everyone && PublicAccess.isPublic(statement);
        JsonNode principal = statement.path("Principal");
        if (principal.isTextual()) {
            return strippingStar && EVERYONE.equals(principal.asText()) ? null : statement;
        }
        if (!principal.isObject() || !principal.has("AWS")) {
            return statement;
        }
        List<String> values = awsValues(principal);
        ArrayNode aws = JsonNodeFactory.instance.arrayNode();
        for (String value : values) {
            boolean strip = EVERYONE.equals(value) ? strippingStar : accounts.contains(accountOf(value));
            if (!strip) {
                aws.add(value);
            }
        }
        if (aws.size() == values.size()) {
            return statement;
        }
        ObjectNode principals = ((ObjectNode) principal).deepCopy();
        if (aws.isEmpty()) {
            principals.remove("AWS");
        } else {
            principals.set("AWS", aws.size() == 1 ? aws.get(0) : aws);
        }
        if (principals.isEmpty()) {
            return null;
        }
        ObjectNode left = statement.deepCopy();
        left.set("Principal", principals);
        return left;
    }

    private static ObjectNode denyEveryone() {
        ObjectNode deny = JsonNodeFactory.instance.objectNode();
        deny.put("Sid", "TrailguardNoTrustedPrincipalLeft");
        deny.put("Effect", "Deny");
        deny.putObject("Principal").put("AWS", EVERYONE);
        deny.put("Action", "sts:AssumeRole");
        return deny;
    }

    private static boolean allowsAssume(JsonNode statement) {
        if (!statement.isObject() || !"Allow".equals(statement.path("Effect").asText())) {
            return false;
        }
        // NotAction allows every action it does not name: judged as allowing AssumeRole, the safe side
        if (statement.has("NotAction")) {
            return true;
        }
        JsonNode action = statement.path("Action");
        List<String> actions = new ArrayList<>();
        if (action.isTextual()) {
            actions.add(action.asText());
        } else {
            action.forEach(a -> actions.add(a.asText()));
        }
        return actions.stream().anyMatch(a -> ASSUME_ACTIONS.contains(a.toLowerCase(Locale.ROOT)));
    }

    private static List<String> awsValues(JsonNode principal) {
        List<String> values = new ArrayList<>();
        if (principal.isTextual()) {
            values.add(principal.asText());
            return values;
        }
        JsonNode aws = principal.path("AWS");
        if (aws.isTextual()) {
            values.add(aws.asText());
        } else {
            aws.forEach(v -> values.add(v.asText()));
        }
        return values;
    }
}
