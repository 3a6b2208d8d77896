package io.trailguard.remediation;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.ResourceRef;
import io.trailguard.predicates.AwsIdentifiers;

/**
 * An IAM user, role or group by name: the three kinds a policy can be attached to or embedded in. In an action
 * spec it is one parameter named after its kind: {@code user}, {@code role} or {@code group}.
 */
public record IamPrincipal(Kind kind, String name) {

    public enum Kind {
        USER("User", ResourceRef.IAM_USER),
        ROLE("Role", ResourceRef.IAM_ROLE),
        GROUP("Group", ResourceRef.IAM_GROUP);

        final String api;
        final String resourceType;

        Kind(String api, String resourceType) {
            this.api = api;
            this.resourceType = resourceType;
        }

        /** The spec parameter that names a principal of this kind. */
        public String param() {
            return api.toLowerCase(Locale.ROOT);
        }

        /** {@code iam:<verb>User<noun>} and its siblings, each on the ARN of the principal the spec names. */
        static List<Permission> permissions(Function<Kind, String> iamAction) {
            return Arrays.stream(values())
                    .map(k -> new Permission(iamAction.apply(k), "arn:aws:iam::*:" + k.param() + "/${" + k.param() + "}"))
                    .toList();
        }
    }

    /** IAM's parameter naming it: {@code UserName}, {@code RoleName} or {@code GroupName}. */
    String nameParameter() {
        return kind.api + "Name";
    }

    public ResourceRef resource() {
        return new ResourceRef(kind.resourceType, name);
    }

    /** The principal a spec names; only for a spec {@link #refusal} accepts. */
    static IamPrincipal of(ActionSpec spec) {
        for (Kind kind : Kind.values()) {
            if (spec.string(kind.param()) != null) {
                return new IamPrincipal(kind, spec.string(kind.param()));
            }
        }
        throw new IllegalArgumentException("no user, role or group in " + spec);
    }

    /** Null when the spec names exactly one user, role or group by a valid name. */
    static String refusal(ActionSpec spec) {
        List<Kind> named = Arrays.stream(Kind.values()).filter(k -> spec.params().containsKey(k.param())).toList();
        if (named.size() != 1) {
            return "exactly one of the parameters user, role, group is needed";
        }
        return ParamCheck.string(spec, named.get(0).param(), AwsIdentifiers::isIamName, "a valid IAM name");
    }

    @Override
    public String toString() {
        return kind.param() + " " + name;
    }
}
