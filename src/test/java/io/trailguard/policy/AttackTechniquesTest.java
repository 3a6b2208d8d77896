package io.trailguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.trailguard.SampleTable;

/** Every policy names the ATT&CK techniques its findings are evidence of, as well-formed ids; a runbook is an http(s) URL. */
class AttackTechniquesTest {

    @Test
    void everyPolicyHasAtLeastOneWellFormedTechniqueAndNoneTwice() {
        List<Policy> policies = SampleTable.get().policies();
        assertTrue(policies.size() >= 15, "policies: " + policies.size());
        for (Policy policy : policies) {
            List<String> ids = policy.attackTechniques();
            assertFalse(ids.isEmpty(), policy.name() + " names no ATT&CK technique");
            for (String id : ids) {
                assertTrue(AttackTechnique.isWellFormed(id), policy.name() + ": " + id + " is not Tnnnn or Tnnnn.nnn");
            }
            assertEquals(ids.size(), new HashSet<>(ids).size(), policy.name() + " names a technique twice: " + ids);
            policy.runbook().ifPresent(url -> assertTrue(url.startsWith("https://") && URI.create(url).getHost() != null,
                    policy.name() + " runbook " + url));
        }
    }

    @Test
    void wellFormedIdsOnly() {
        assertTrue(AttackTechnique.isWellFormed("T1530"));
        assertTrue(AttackTechnique.isWellFormed("T1562.008"));
        for (String bad : new String[] { "t1530", "T153", "T15300", "T1562.8", "T1562.0080", "TA0005", "T1530 ", "", null }) {
            assertFalse(AttackTechnique.isWellFormed(bad), String.valueOf(bad));
        }
    }

    @Test
    void aSubTechniquesPageIsUnderItsTechnique() {
        assertEquals("https://attack.mitre.org/techniques/T1562/008/", AttackTechnique.url("T1562.008"));
        assertEquals("https://attack.mitre.org/techniques/T1530/", AttackTechnique.url("T1530"));
        assertThrows(IllegalArgumentException.class, () -> AttackTechnique.url("T1530|x"));
    }
}
