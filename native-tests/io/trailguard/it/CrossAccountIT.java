package io.trailguard.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.trailguard.AlertInbox;
import io.trailguard.Lambda;
import io.trailguard.MemberAccount;
import io.trailguard.MotoServer;
import io.trailguard.SampleEvents;
import io.trailguard.policy.HandlerNames;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The packaged {@code iam} function deployed for an organization (a remediation role in each member account): an admin
 * grant in a member account is detached there, with the session the function assumes through its signed STS calls, and
 * alerted from the central account. moto keeps one IAM per account, so acting in the wrong account shows.
 */
@ForFunction(HandlerNames.IAM)
@QuarkusIntegrationTest
@TestProfile(CrossAccountIT.Profile.class)
class CrossAccountIT {

    public static class Profile extends HandlerProfile {
        @Override
        protected String handler() {
            return HandlerNames.IAM;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("trailguard.cross-account.role-name", "trailguard-remediation");
            return overrides;
        }
    }

    static final String OWN = MotoServer.ACCOUNT;
    static final String ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
    /** A new member account per test: the function keeps its session of an account for the life of the process. */
    private static final AtomicLong ACCOUNTS = new AtomicLong(310987654321L);

    final IamClient iam = MotoClients.iam();
    final SnsClient sns = MotoClients.sns();
    String member;
    IamClient memberIam;
    AlertInbox alerts;

    @BeforeEach
    void twoAccounts() {
        MotoServer.resetWithAwsManagedPolicies();
        member = String.valueOf(ACCOUNTS.incrementAndGet());
        memberIam = MemberAccount.iam(MemberAccount.credentials(member));
        for (IamClient account : List.of(iam, memberIam)) {
            account.createUser(b -> b.userName("bob"));
            account.attachUserPolicy(b -> b.userName("bob").policyArn(ADMIN));
        }
        alerts = AlertInbox.create(sns);
    }

    @AfterEach
    void close() {
        alerts.close();
        memberIam.close();
        iam.close();
        sns.close();
    }

    @Test
    void aMemberAccountsGrantIsDetachedInThatAccountAndAlertedFromOurs() {
        Lambda.invoke(SampleEvents.read("iam-admin-granted", "attach-user-policy-administrator").replace(OWN, member)).statusCode(200)
                .body("decisions[0].account", equalTo(member))
                .body("decisions[0].actions.outcome", equalTo(List.of("applied")))
                .body("decisions[0].alert", equalTo("sns: sent"));

        assertEquals(List.of(), attached(memberIam), "detached in the member account");
        assertEquals(List.of(ADMIN), attached(iam), "the central account's own user of the same name is left alone");
        List<String> delivered = alerts.messages();
        assertEquals(1, delivered.size(), "alerted from the central account's topic");
        assertTrue(delivered.get(0).contains(member), delivered.get(0));
    }

    private static List<String> attached(IamClient client) {
        return client.listAttachedUserPolicies(b -> b.userName("bob")).attachedPolicies().stream().map(AttachedPolicy::policyArn).toList();
    }
}
