package io.trailguard.hardening;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Seeded mutations of valid events: dropped fields, retyped values, nulls, huge strings, deep nesting, odd
 * unicode, out-of-range numbers, 256 KB+ payloads, crafted identifiers, swapped event names, and byte-level
 * damage (truncation, invalid UTF-8). The same seed gives the same cases, so a failure can be replayed.
 */
final class EventMutator {

    /** One mutated event and the mutations that made it, for failure messages. */
    record Mutant(String sample, List<String> mutations, byte[] bytes) {
        @Override
        public String toString() {
            return sample + " " + mutations + " (" + bytes.length + " bytes)";
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> IDENTIFIER_FIELDS = List.of("bucketName", "name", "trailName", "userName", "roleName",
            "groupName", "policyName", "policyArn", "accessKeyId", "groupId", "fromPort", "toPort", "keyId");
    private static final List<String> CRAFTED = List.of("../../etc/passwd", "tg-demo-data/../other", "bucket\"},{\"Effect\":\"Allow",
            "*", "arn:aws:iam::*:role/*", "%2e%2e%2f", "a b", "tg-demo-data\u0000", "tg-demo-data\nInjected: yes", "${jndi:ldap://x}",
            "<script>", "'; DROP TABLE", "..", "/", "\\\\server\\share", "AKIA../../x", "sg-../../", "-1", "65536", "99999999999999999999");
    private static final List<String> UNICODE = List.of("\u202Eatad-omed-gt", "🙂".repeat(40), "ｔｇ－ｄｅｍｏ", "e\u0301\u0301\u0301",
            "\uFEFFtg-demo-data", "日本語のバケット", "\u0000\u0001\u001f", "\u200B\u200C\u200D", "Ω≈ç√∫", "\uD83D\uDE00");

    private final Random random;
    private final ObjectMapper mapper;
    private final List<String> eventNames;

    EventMutator(long seed, ObjectMapper mapper, List<String> eventNames) {
        this.random = new Random(seed);
        this.mapper = mapper;
        this.eventNames = eventNames;
    }

    Mutant mutate(String sample, JsonNode original) throws JsonProcessingException {
        JsonNode tree = original.deepCopy();
        List<String> applied = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        boolean byteLevel = false;
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(100);
            if (kind < 14) {
                applied.add(drop(tree));
            } else if (kind < 26) {
                applied.add(replace(tree, "retype", retyped()));
            } else if (kind < 34) {
                applied.add(replace(tree, "null", NODES.nullNode()));
            } else if (kind < 40) {
                applied.add(replace(tree, "huge string", NODES.textNode(huge(10_000 + random.nextInt(120_000)))));
            } else if (kind < 46) {
                applied.add(replace(tree, "deep nesting", nested(10 + random.nextInt(120))));
            } else if (kind < 54) {
                applied.add(replaceText(tree, "unicode", UNICODE.get(random.nextInt(UNICODE.size()))));
            } else if (kind < 61) {
                applied.add(replace(tree, "number out of range", outOfRange()));
            } else if (kind < 64) {
                applied.add(pad(tree));
            } else if (kind < 80) {
                applied.add(crafted(tree));
            } else if (kind < 86) {
                applied.add(swapEventName(tree));
            } else {
                byteLevel = true;
            }
        }
        byte[] bytes = mapper.writeValueAsBytes(tree);
        if (byteLevel) {
            int kind = random.nextInt(3);
            if (kind == 0) {
                int cut = random.nextInt(Math.max(1, bytes.length - 1));
                bytes = Arrays.copyOf(bytes, cut);
                applied.add("truncated at " + cut);
            } else if (kind == 1) {
                int at = 1 + random.nextInt(Math.max(1, bytes.length - 2));
                byte[] damaged = new byte[bytes.length + 2];
                System.arraycopy(bytes, 0, damaged, 0, at);
                damaged[at] = (byte) 0xC3;
                damaged[at + 1] = (byte) 0x28;
                System.arraycopy(bytes, at, damaged, at + 2, bytes.length - at);
                bytes = damaged;
                applied.add("invalid UTF-8 at " + at);
            } else {
                String json = new String(bytes, StandardCharsets.UTF_8);
                bytes = ("{\"detail-type\":" + (random.nextBoolean() ? "7," : "\"x\",") + json.substring(1)).getBytes(StandardCharsets.UTF_8);
                applied.add("duplicate detail-type key");
            }
        }
        return new Mutant(sample, applied, bytes);
    }

    private String drop(JsonNode tree) {
        Slot slot = slot(tree, false);
        if (slot == null) {
            return "drop (nothing)";
        }
        if (slot.parent() instanceof ObjectNode object) {
            object.remove(slot.field());
        } else {
            ((ArrayNode) slot.parent()).remove(slot.index());
        }
        return "drop " + slot;
    }

    private String replace(JsonNode tree, String what, JsonNode value) {
        Slot slot = slot(tree, false);
        if (slot == null) {
            return what + " (nothing)";
        }
        slot.set(value);
        return what + " at " + slot;
    }

    private String replaceText(JsonNode tree, String what, String text) {
        Slot slot = slot(tree, true);
        if (slot == null) {
            return what + " (nothing)";
        }
        String old = slot.get().asText();
        slot.set(NODES.textNode(random.nextBoolean() ? text : old + text));
        return what + " at " + slot;
    }

    private String pad(JsonNode tree) {
        List<Slot> objects = new ArrayList<>();
        collect(tree, null, null, -1, objects, false);
        ObjectNode target = (ObjectNode) tree;
        for (Slot s : objects) {
            if (s.get().isObject() && random.nextInt(4) == 0) {
                target = (ObjectNode) s.get();
                break;
            }
        }
        // mostly just over 256 KB (SQS/EventBridge sizes); sometimes over the 1 MB input limit
        int size = random.nextInt(10) == 0 ? 1_100_000 : 262_144 + random.nextInt(60_000);
        target.put("padding", huge(size));
        return "padded by " + size + " bytes";
    }

    private String crafted(JsonNode tree) {
        List<Slot> slots = new ArrayList<>();
        collect(tree, null, null, -1, slots, false);
        List<Slot> identifiers = slots.stream().filter(s -> s.field() != null && IDENTIFIER_FIELDS.contains(s.field())).toList();
        if (identifiers.isEmpty()) {
            return "crafted (no identifier)";
        }
        Slot slot = identifiers.get(random.nextInt(identifiers.size()));
        String value = CRAFTED.get(random.nextInt(CRAFTED.size()));
        slot.set(NODES.textNode(random.nextBoolean() ? value : slot.get().asText() + value));
        return "crafted " + slot;
    }

    private String swapEventName(JsonNode tree) {
        JsonNode detail = tree.get("detail");
        if (detail instanceof ObjectNode object && !eventNames.isEmpty()) {
            String name = eventNames.get(random.nextInt(eventNames.size()));
            object.put("eventName", name);
            return "eventName " + name;
        }
        return "eventName (no detail)";
    }

    private JsonNode retyped() {
        return switch (random.nextInt(7)) {
            case 0 -> NODES.numberNode(random.nextInt());
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.arrayNode().add(1).add("a").addNull();
            case 3 -> NODES.objectNode().put("k", "v");
            case 4 -> NODES.numberNode(random.nextDouble());
            case 5 -> NODES.textNode("");
            default -> NODES.textNode("x");
        };
    }

    private JsonNode outOfRange() {
        return switch (random.nextInt(6)) {
            case 0 -> NODES.numberNode(new BigDecimal("1e400"));
            case 1 -> NODES.numberNode(BigInteger.TEN.pow(400).negate());
            case 2 -> NODES.numberNode(Long.MIN_VALUE);
            case 3 -> NODES.numberNode(Double.MAX_VALUE);
            case 4 -> NODES.numberNode(new BigDecimal("-1e-400"));
            default -> NODES.numberNode(-0.0);
        };
    }

    private JsonNode nested(int depth) {
        JsonNode node = NODES.textNode("bottom");
        for (int i = 0; i < depth; i++) {
            node = random.nextBoolean() ? NODES.arrayNode().add(node) : NODES.objectNode().set("n", node);
        }
        return node;
    }

    private String huge(int length) {
        char c = "a/\"\\.-é🙂".charAt(random.nextInt(8));
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(Character.isSurrogate(c) ? 'x' : c);
        }
        return s.toString();
    }

    /** A place in the tree: a field of an object or an element of an array. */
    record Slot(ContainerNode<?> parent, String field, int index, String path) {
        JsonNode get() {
            return field != null ? parent.get(field) : parent.get(index);
        }

        void set(JsonNode value) {
            if (parent instanceof ObjectNode object) {
                object.set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        @Override
        public String toString() {
            return path;
        }
    }

    private Slot slot(JsonNode tree, boolean textOnly) {
        List<Slot> slots = new ArrayList<>();
        collect(tree, null, null, -1, slots, textOnly);
        if (slots.isEmpty()) {
            return null;
        }
        // favour the fields policies read (detail.*) over the envelope, but hit both
        return slots.get(random.nextInt(slots.size()));
    }

    private static void collect(JsonNode node, ContainerNode<?> parent, String path, int index, List<Slot> out, boolean textOnly) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String p = path == null ? e.getKey() : path + "." + e.getKey();
                if (!textOnly || e.getValue().isTextual()) {
                    out.add(new Slot((ObjectNode) node, e.getKey(), -1, p));
                }
                collect(e.getValue(), (ObjectNode) node, p, -1, out, textOnly);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String p = path + "[" + i + "]";
                if (!textOnly || node.get(i).isTextual()) {
                    out.add(new Slot((ArrayNode) node, null, i, p));
                }
                collect(node.get(i), (ArrayNode) node, p, i, out, textOnly);
            }
        }
    }
}
