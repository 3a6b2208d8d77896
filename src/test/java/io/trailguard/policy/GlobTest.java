package io.trailguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Globs match without a regex exactly where the regex they stand for matches. */
class GlobTest {

    @Test
    void sameAnswerAsTheRegex() {
        Random random = new Random(7);
        String alphabet = "ab*:/\n\r\u2028.\\Q";
        int matched = 0;
        for (int round = 0; round < 200_000; round++) {
            // one to three globs: the regexes are asked only after some glob's literals match
            List<String> globs = random.ints(1 + random.nextInt(3), 0, 1).mapToObj(i -> text(random, alphabet, 6)).toList();
            String value = text(random, alphabet.replace("*", ""), 8);
            boolean byRegex = globs.stream().anyMatch(glob -> !glob.trim().isEmpty() && regex(glob).matcher(value).matches()); // a blank glob is dropped
            assertEquals(byRegex, Glob.of(globs).matches(value), "globs " + globs + " on '" + value + "'");
            matched += byRegex ? 1 : 0;
        }
        assertTrue(matched > 1000, "some should match: " + matched);
    }

    @Test
    void trailguardsOwnPrincipals() {
        Glob self = Glob.of(List.of("arn:aws:iam::*:role/trailguard-*", " arn:aws:sts::*:assumed-role/trailguard-* ", ""));
        assertTrue(self.matches("arn:aws:sts::111122223333:assumed-role/trailguard-remediate/session"));
        assertTrue(self.matches("arn:aws:iam::111122223333:role/trailguard-"));
        assertTrue(!self.matches("arn:aws:iam::111122223333:role/other-trailguard-x"));
        assertTrue(!self.matches("arn:aws:iam::111122223333:user/trailguard-x"));
        assertTrue(!self.matches(null));
        assertTrue(!self.matches("arn:aws:iam::1\n:role/trailguard-x"), "a regex's * stops at a line break");
        assertTrue(Glob.of(List.of("a**b")).matches("ab"));
        assertTrue(Glob.of(List.of("aba*aba")).matches("ababa") == false);
        assertTrue(Glob.of(List.of(" ")).isEmpty());
    }

    private static String text(Random random, String alphabet, int max) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(max + 1); i > 0; i--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** The regex a glob stood for before: each * as .*, the rest quoted. */
    private static Pattern regex(String glob) {
        String[] parts = glob.trim().split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            regex.append(i > 0 ? ".*" : "").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }
}
