package io.trailguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.trailguard.SampleTable;
import io.trailguard.policy.HandlerNames;

/** The bundled rules are read from JSON converted at build time: the same trees, so the same rules, as their YAML. */
class BundledRulesTest {

    @Test
    void everyBundledFileIsReadAsJsonWithTheSameContentAsItsYaml() throws Exception {
        List<RuleText> texts = new BundledRules().read();
        List<String> listed = new ArrayList<>();
        for (String line : resource(BundledRules.INDEX).split("\n")) {
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                listed.add("bundled rules/" + line.strip());
            }
        }
        assertEquals(listed, texts.stream().map(RuleText::origin).toList(), "every file of the index, in its order");
        for (RuleText text : texts) {
            assertTrue(text.json(), text.origin() + " read as JSON");
            String yaml = resource(text.origin().substring("bundled ".length()));
            assertEquals(new YAMLMapper().readTree(yaml), JsonMapper.builder().build().readTree(text.yaml()), text.origin());
        }
    }

    @Test
    void theRulesReadFromJsonAreTheRulesReadFromYaml() throws Exception {
        Set<String> actions = SampleTable.get().executors().keySet();
        for (RuleText json : new BundledRules().read()) {
            RuleText yaml = new RuleText(json.origin(), resource(json.origin().substring("bundled ".length())));
            List<String> problems = new ArrayList<>();
            List<DeclaredRule> fromJson = RuleReader.read(json, actions, problems);
            List<DeclaredRule> fromYaml = RuleReader.read(yaml, actions, problems);
            assertEquals(List.of(), problems);
            assertFalse(fromJson.isEmpty(), json.origin());
            assertEquals(described(fromYaml), described(fromJson), json.origin());
        }
    }

    /**
     * One handler's binary reads the files its rules are in, and in them its rules alone: the rules it gets are those
     * its reader kept of every file, and a file without one of its rules is not read at all.
     */
    @Test
    void aHandlersBinaryReadsItsOwnRulesAlone() {
        Set<String> actions = SampleTable.get().executors().keySet();
        int handlersWithRules = 0;
        for (String handler : HandlerNames.POLICY_HANDLERS) {
            List<String> problems = new ArrayList<>();
            List<DeclaredRule> fromAll = new ArrayList<>();
            List<String> filesWithOwn = new ArrayList<>();
            for (RuleText whole : new BundledRules().read()) {
                List<DeclaredRule> own = RuleReader.read(whole, actions, handler, problems);
                fromAll.addAll(own);
                if (!own.isEmpty()) {
                    filesWithOwn.add(whole.origin());
                }
            }
            List<RuleText> texts = new BundledRules(handler).read();
            List<DeclaredRule> fromOwn = new ArrayList<>();
            for (RuleText text : texts) {
                assertTrue(text.json(), text.origin());
                fromOwn.addAll(RuleReader.read(text, actions, HandlerNames.ALL, problems));
            }
            assertEquals(List.of(), problems, handler);
            assertEquals(filesWithOwn, texts.stream().map(RuleText::origin).toList(), handler + ": the files holding its rules");
            assertEquals(described(fromAll), described(fromOwn), handler);
            assertTrue(fromOwn.stream().allMatch(r -> r.handler().equals(handler)), handler);
            handlersWithRules += fromOwn.isEmpty() ? 0 : 1;
        }
        assertTrue(handlersWithRules > 1, "the bundled rules are of several handlers");
        assertEquals(described(readAll(new BundledRules(HandlerNames.ALL).read(), actions)), described(readAll(new BundledRules().read(), actions)));
    }

    /** A file that is anything but named rules of known handlers is read whole everywhere, for its problems to be told. */
    @Test
    void aFileThatIsNotPlainRulesOfKnownHandlersIsNotSplit() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        String rule = "{\"name\":\"r\",\"handler\":\"%s\"}";
        assertEquals(List.of("s3", "{\"rules\":[" + rule.formatted("s3") + "]}", "iam", "{\"rules\":[" + rule.formatted("iam") + "]}"),
                List.of(BundledRuleTexts.byHandler(json.readTree("{\"rules\":[" + rule.formatted("s3") + "," + rule.formatted("iam") + "]}"), json)));
        assertNull(BundledRuleTexts.byHandler(json.readTree("{\"rules\":[" + rule.formatted("nosuch") + "]}"), json), "unknown handler");
        assertNull(BundledRuleTexts.byHandler(json.readTree("{\"rules\":[{\"handler\":\"s3\"}]}"), json), "no name");
        assertNull(BundledRuleTexts.byHandler(json.readTree("{\"rules\":[" + rule.formatted("s3") + "],\"checked\":{}}"), json), "a mark");
        assertNull(BundledRuleTexts.byHandler(json.readTree("{\"rules\":{}}"), json), "no list");
        assertNull(BundledRuleTexts.byHandler(json.readTree("[]"), json), "no map");
    }

    private static List<DeclaredRule> readAll(List<RuleText> texts, Set<String> actions) {
        List<DeclaredRule> rules = new ArrayList<>();
        texts.forEach(t -> rules.addAll(RuleReader.read(t, actions, new ArrayList<>())));
        return rules;
    }

    /** Each rule's fields; a condition is a lambda, told by its class, not its identity. */
    private static List<String> described(List<DeclaredRule> rules) {
        return rules.stream().map(r -> r.toString().replaceAll("@[0-9a-f]+", "@")).toList();
    }

    private static String resource(String path) throws Exception {
        try (InputStream in = BundledRulesTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
