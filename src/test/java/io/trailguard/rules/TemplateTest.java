package io.trailguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Templates are split at their placeholders as the regex {@code \$\{([^}]*)}} did, odd texts included. */
class TemplateTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    @Test
    void splitsEveryTextAsThePlaceholderRegexDid() throws Exception {
        JsonNode event = new ObjectMapper().readTree("""
                {"account": "111122223333", "region": "eu-west-1", "detail": {"a": "A", "b": "B", "list": [{"x": "X0"}]}}""");
        for (String text : List.of("", "plain", "${detail.a}", "a ${detail.a} b ${account}!", "$${detail.a}", "${detail.a${detail.b}",
                "${}", "x ${detail.a", "${detail.a}}", "${ detail.a | detail.b }", "${detail.a}${region}", "${unknown.x} and ${detail.}",
                "${detail.missing|detail.b}", "${detail.list.0.x}", "}${detail.a}{", "${detail.a} ${", "$ {detail.a}")) {
            List<String> problems = new ArrayList<>();
            Template template = Template.parse(text, problems);
            assertEquals(byRegex(text, event), template.render(event) + " " + problems, text);
            assertEquals(text, template.toString());
        }
    }

    /** The old parse, rendered: literals between the regex's matches, each placeholder's first path the event has. */
    private static String byRegex(String text, JsonNode event) {
        StringBuilder out = new StringBuilder();
        List<String> problems = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        int end = 0;
        while (matcher.find()) {
            out.append(text, end, matcher.start());
            String value = null;
            for (String alternative : matcher.group(1).split("\\|", -1)) {
                List<String> path = List.of(alternative.strip().split("\\.", -1));
                if (!Template.ROOTS.contains(path.get(0)) || path.stream().anyMatch(String::isEmpty)) {
                    problems.add("${" + matcher.group(1) + "} refers to nothing: a path starts with one of "
                            + String.join(", ", Template.ROOTS.stream().sorted().toList()));
                }
                JsonNode node = event;
                for (String step : path) {
                    node = node == null ? null : node.isArray() ? node.get(Integer.parseInt(step)) : node.get(step);
                }
                value = value != null || node == null ? value : node.asText();
            }
            out.append(value == null ? "?" : value);
            end = matcher.end();
        }
        out.append(text.substring(end));
        if (text.substring(end).contains("${")) {
            problems.add("unclosed ${ in \"" + text + "\"");
        }
        return out + " " + problems;
    }
}
