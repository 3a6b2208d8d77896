package io.trailguard.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.trailguard.policy.ActionSpec;

/**
 * A rule's action: an executor's name and its parameters as templates (a string, a list of strings or a string map).
 * A parameter whose template the event cannot fill is left unset, so the executor refuses the spec.
 */
public record ActionTemplate(String name, Map<String, Object> params) {

    public ActionTemplate {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public ActionSpec render(JsonNode event) {
        Map<String, Object> rendered = new LinkedHashMap<>();
        params.forEach((key, value) -> {
            Object filled = fill(value, event);
            if (filled != null) {
                rendered.put(key, filled);
            }
        });
        return new ActionSpec(name, rendered);
    }

    private static Object fill(Object value, JsonNode event) {
        if (value instanceof Template template) {
            return template.renderAll(event);
        }
        if (value instanceof List<?> list) {
            List<String> texts = new java.util.ArrayList<>();
            for (Object item : list) {
                String text = ((Template) item).renderAll(event);
                if (text == null) {
                    return null;
                }
                texts.add(text);
            }
            return texts;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
            String text = ((Template) entry.getValue()).renderAll(event);
            if (text == null) {
                return null;
            }
            map.put((String) entry.getKey(), text);
        }
        return map;
    }
}
