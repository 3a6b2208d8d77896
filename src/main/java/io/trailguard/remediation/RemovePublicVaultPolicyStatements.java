package io.trailguard.remediation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.trailguard.policy.ActionSpec;
import io.trailguard.predicates.AwsIdentifiers;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * Removes the public statements from an S3 Glacier vault's access policy, read live; deletes a policy left with
 * none. The vault lock policy is another document, immutable once locked, and is not touched. S3 Glacier's REST JSON
 * API as signed calls ({@link SignedJsonCall}), without the SDK's client.
 */
@ApplicationScoped
public class RemovePublicVaultPolicyStatements implements ActionExecutor {

    public static final String NAME = "glacier.remove-public-policy-statements";

    /** The account of the caller's credentials: the event's account, while a decision acts there. */
    private static final String OWN_ACCOUNT = "-";
    /** The API version every S3 Glacier request names. */
    private static final Map<String, String> VERSION = Map.of("x-amz-glacier-version", "2012-06-01");

    private final SignedJsonCall glacier;
    private final ObjectMapper mapper;

    @Inject
    public RemovePublicVaultPolicyStatements(AwsClientConfig config, AccountCredentials credentials, ObjectMapper mapper) {
        this(SignedJsonCall.of("glacier", config, credentials), mapper);
    }

    RemovePublicVaultPolicyStatements(SignedJsonCall glacier, ObjectMapper mapper) {
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
            call(SdkHttpMethod.PUT, "SetVaultAccessPolicy", vault, JsonNodeFactory.instance.objectNode().put("Policy", remaining.get()));
        } else {
            call(SdkHttpMethod.DELETE, "DeleteVaultAccessPolicy", vault, null);
        }
    }

    private JsonNode livePolicy(String vault) {
        try {
            return PublicStatements.parse(mapper, call(SdkHttpMethod.GET, "GetVaultAccessPolicy", vault, null).path("Policy").asText(null),
                    "vault " + vault);
        } catch (AwsServiceException e) {
            if ("ResourceNotFoundException".equals(e.awsErrorDetails().errorCode())) {
                return null;
            }
            throw e;
        }
    }

    /** One call on the vault's access-policy subresource; the vault name is checked by {@link #refusal}, safe in a path. */
    private JsonNode call(SdkHttpMethod method, String operation, String vault, JsonNode body) {
        // the call log names the vault as every Glacier call's is named (IamCalls), from its path parameter
        JsonNode parameters = JsonNodeFactory.instance.objectNode().put("VaultName", vault);
        return glacier.rest(method, operation, "/" + OWN_ACCOUNT + "/vaults/" + vault + "/access-policy", VERSION, body,
                (region, account) -> IamCalls.resources("glacier:" + operation, parameters, region, account));
    }

    @PreDestroy
    void close() {
        glacier.close();
    }
}
