package io.trailguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
