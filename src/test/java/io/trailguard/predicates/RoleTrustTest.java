package io.trailguard.predicates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class RoleTrustTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", textBlock = """
            444455556666,                                              444455556666
            arn:aws:iam::444455556666:root,                            444455556666
            arn:aws:iam::444455556666:role/path/ops,                   444455556666
            arn:aws-us-gov:iam::444455556666:user/ops,                 444455556666
            arn:aws:sts::444455556666:assumed-role/ops/session,        444455556666
            AROA2EXAMPLENEWROLE1,                                      null
            arn:aws:iam::44445555666:root,                             null
            arn:aws:s3:::444455556666,                                 null
            *,                                                         null
            """)
    void accountOfAPrincipal(String principal, String account) {
        assertEquals(account, RoleTrust.accountOf(principal));
    }

    @Test
    void onlyAllowStatementsThatLetSomeoneAssumeCount() throws Exception {
        ObjectNode policy = policy("""
                [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:TagSession"},
                 {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"},
                 {"Effect": "Allow", "Principal": {"AWS": ["222222222222", "*"]}, "Action": ["sts:TagSession", "STS:AssumeRole"],
                  "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}},
                 {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::333333333333:root"}, "NotAction": "iam:*"}]""");

        assertEquals(List.of("222222222222", "arn:aws:iam::333333333333:root"), RoleTrust.awsPrincipals(policy));
        assertFalse(RoleTrust.openToEveryone(policy), "the * is pinned to the organization");
        assertTrue(RoleTrust.openToEveryone(policy("""
                {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity"}""")));
    }

    @Test
    void strippingNothingKeepsThePolicyInItsOwnShape() throws Exception {
        ObjectNode policy = policy("""
                {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789012:root"]}, "Action": "sts:AssumeRole"}""");

        assertEquals(policy, RoleTrust.stripped(policy, true, Set.of("444455556666")));
    }

    @Test
    void strippingRemovesOnlyThoseAccountsAndDropsEmptiedStatements() throws Exception {
        ObjectNode policy = policy("""
                [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::444455556666:user/x", "arn:aws:iam::123456789012:root"]}, "Action": "sts:AssumeRole"},
                 {"Effect": "Allow", "Principal": {"AWS": "444455556666", "Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
                 {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "sts:AssumeRole"},
                 {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "sts:TagSession"}]""");

        assertEquals(policy("""
                [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"},
                 {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
                 {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "sts:TagSession"}]"""),
                RoleTrust.stripped(policy, false, Set.of("444455556666")));
        assertNull(RoleTrust.accountOf(null));
    }

    private ObjectNode policy(String statements) throws Exception {
        return (ObjectNode) mapper.readTree("{\"Version\": \"2012-10-17\", \"Statement\": " + statements + "}");
    }
}
