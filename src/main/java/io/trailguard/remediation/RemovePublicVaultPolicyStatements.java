package io.trailguard.remediation;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.ResourceNotFoundException;

/**
 * Removes the public statements from an S3 Glacier vault's access policy, read live; deletes a policy left with
 * none. The vault lock policy is another document, immutable once locked, and is not touched.
 */
@ApplicationScoped
public class RemovePublicVaultPolicyStatements implements ActionExecutor {

    public static final String NAME = "glacier.remove-public-policy-statements";

    /** The account of the caller's credentials: the event's account, while a decision acts there. */
    private static final String OWN_ACCOUNT = "-";

    private final GlacierClient glacier;
    private final ObjectMapper mapper;

    public RemovePublicVaultPolicyStatements(GlacierClient glacier, ObjectMapper mapper) {
        this.glacier = glacier;
        this.mapper = mapper;
    }

    public static ActionSpec spec(String vault) {
        return ActionSpec.of(NAME, "vault", vault);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Permission> permissions() {
        String vault = "arn:aws:glacier:*:*:vaults/${vault}";
        return List.of(new Permission("glacier:GetVaultAccessPolicy", vault), new Permission("glacier:SetVaultAccessPolicy", vault),
                new Permission("glacier:DeleteVaultAccessPolicy", vault));
    }

    @Override
    public String refusal(ActionSpec spec) {
        return ParamCheck.string(spec, "vault", AwsIdentifiers::isGlacierVaultName, "an S3 Glacier vault name");
    }

    @Override
    public String target(ActionSpec spec) {
        return spec.string("vault");
    }

    @Override
    public boolean needed(ActionSpec spec) {
        return PublicStatements.any(livePolicy(spec.string("vault")));
    }

    @Override
    public void apply(ActionSpec spec) {
        String vault = spec.string("vault");
        JsonNode policy = livePolicy(vault);
        if (policy == null) {
            return;
        }
        Optional<String> remaining = PublicStatements.without(policy);
        if (remaining.isPresent()) {
            glacier.setVaultAccessPolicy(b -> b.accountId(OWN_ACCOUNT).vaultName(vault).policy(p -> p.policy(remaining.get())));
        } else {
            glacier.deleteVaultAccessPolicy(b -> b.accountId(OWN_ACCOUNT).vaultName(vault));
        }
    }

    private JsonNode livePolicy(String vault) {
        try {
            return PublicStatements.parse(mapper, glacier.getVaultAccessPolicy(b -> b.accountId(OWN_ACCOUNT).vaultName(vault)).policy().policy(),
                    "vault " + vault);
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }
}
