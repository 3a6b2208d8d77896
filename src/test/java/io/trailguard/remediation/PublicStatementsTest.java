package io.trailguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.ActionSpec;

/**
 * The trimming every resource-policy executor shares, and the refusals of the one moto cannot run (Glacier vault
 * access policies): checked without AWS.
 */
class PublicStatementsTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void onlyThePublicStatementsGoAndTheRestOfTheDocumentStays() throws Exception {
        JsonNode policy = PublicStatements.parse(mapper, """
                {"Version": "2012-10-17", "Id": "vault-policy", "Statement": [
                  {"Sid": "Owner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "glacier:*"},
                  {"Sid": "Anyone", "Effect": "Allow", "Principal": "*", "Action": "glacier:InitiateJob"},
                  {"Sid": "AnyoneInTheOrg", "Effect": "Allow", "Principal": "*", "Action": "glacier:ListJobs",
                   "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}},
                  {"Sid": "DenyAnyone", "Effect": "Deny", "Principal": "*", "Action": "glacier:DeleteArchive"}]}
                """, "vault audit-archive");
        assertTrue(PublicStatements.any(policy));

        JsonNode left = mapper.readTree(PublicStatements.without(policy).orElseThrow());
        assertEquals("vault-policy", left.path("Id").asText());
        assertEquals(3, left.path("Statement").size());
        left.path("Statement").forEach(s -> assertFalse("Anyone".equals(s.path("Sid").asText()), s.toString()));
        assertFalse(PublicStatements.any(left));
    }

    @Test
    void aPolicyOfOnlyPublicStatementsLeavesNothingAndNoPolicyIsNotPublic() {
        JsonNode policy = PublicStatements.parse(mapper, """
                {"Statement": {"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": "sqs:SendMessage"}}""", "queue q");
        assertEquals(Optional.empty(), PublicStatements.without(policy));
        assertNull(PublicStatements.parse(mapper, "", "queue q"));
        assertFalse(PublicStatements.any(null));
    }

    @Test
    void aLivePolicyThatIsNotJsonFailsWithoutQuotingIt() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> PublicStatements.parse(mapper, "{\"Statement\": [secret-looking-text", "secret s"));
        assertEquals("the policy of secret s is not JSON", e.getMessage());
    }

    @Test
    void theGlacierExecutorRefusesWhatItsApiWouldNotTake() {
        RemovePublicVaultPolicyStatements vault = new RemovePublicVaultPolicyStatements((SignedJsonCall) null, mapper);
        assertNull(vault.refusal(RemovePublicVaultPolicyStatements.spec("audit-archive")));
        assertEquals("refused: vault '../audit' is not an S3 Glacier vault name", vault.refusal(RemovePublicVaultPolicyStatements.spec("../audit")));
        assertEquals("missing parameter vault", vault.refusal(new ActionSpec(RemovePublicVaultPolicyStatements.NAME, null)));
    }
}
