package io.trailguard.remediation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * The little XML S3's REST API speaks, without javax.xml (StAX and java.xml cost a native image more than S3's calls
 * need): {@link #parse} reads an answer into elements (names as written, attributes, text, entities decoded), and
 * {@link #document}/{@link #element}/{@link #text} write a request body, escaped, in S3's namespace.
 */
record S3Xml(String name, Map<String, String> attributes, List<S3Xml> children, String text) {

    static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

    /** The first child named {@code name}; null when there is none. */
    S3Xml child(String name) {
        return children.stream().filter(c -> c.name.equals(name)).findFirst().orElse(null);
    }

    /** Every child named {@code name}, in order. */
    List<S3Xml> all(String name) {
        return children.stream().filter(c -> c.name.equals(name)).toList();
    }

    /** The text of the first child named {@code name}; null when there is none. */
    String text(String name) {
        S3Xml child = child(name);
        return child == null ? null : child.text;
    }

    /** The root element of {@code xml}; null for an empty answer. Not a validating parser: it reads what S3 writes. */
    static S3Xml parse(String xml) {
        Reader reader = new Reader(xml);
        reader.skipProlog();
        return reader.at < xml.length() ? reader.element() : null;
    }

    /** A request body, declared as the SDK's are: the root element in S3's namespace, with its content (elements written by the methods below). */
    static String document(String root, String... content) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + root + " xmlns=\"" + NAMESPACE + "\">" + String.join("", content) + "</" + root + ">";
    }

    static String element(String name, String... content) {
        return "<" + name + ">" + String.join("", content) + "</" + name + ">";
    }

    /** An element of text, escaped; nothing for a null value (an absent member). */
    static String text(String name, String value) {
        return value == null ? "" : "<" + name + ">" + escape(value) + "</" + name + ">";
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final class Reader {
        private final String xml;
        private int at;

        Reader(String xml) {
            this.xml = xml;
        }

        /** Past the declaration, comments, processing instructions and white space before the root. */
        void skipProlog() {
            while (true) {
                skipSpace();
                if (xml.startsWith("<?", at)) {
                    at = end("?>", at) + 2;
                } else if (xml.startsWith("<!--", at)) {
                    at = end("-->", at) + 3;
                } else if (xml.startsWith("<!", at)) {
                    at = end(">", at) + 1;
                } else {
                    return;
                }
            }
        }

        S3Xml element() {
            expect('<');
            String name = name();
            Map<String, String> attributes = new LinkedHashMap<>();
            while (true) {
                skipSpace();
                if (xml.startsWith("/>", at)) {
                    at += 2;
                    return new S3Xml(name, attributes, List.of(), "");
                }
                if (xml.charAt(at) == '>') {
                    at++;
                    break;
                }
                String attribute = name();
                skipSpace();
                expect('=');
                skipSpace();
                char quote = xml.charAt(at++);
                int close = end(String.valueOf(quote), at);
                attributes.put(attribute, unescape(xml.substring(at, close)));
                at = close + 1;
            }
            List<S3Xml> children = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            while (true) {
                if (xml.startsWith("</", at)) {
                    at = end(">", at) + 1;
                    return new S3Xml(name, attributes, List.copyOf(children), text.toString());
                } else if (xml.startsWith("<!--", at)) {
                    at = end("-->", at) + 3;
                } else if (xml.startsWith("<![CDATA[", at)) {
                    int close = end("]]>", at);
                    text.append(xml, at + 9, close);
                    at = close + 3;
                } else if (xml.startsWith("<?", at)) {
                    at = end("?>", at) + 2;
                } else if (xml.charAt(at) == '<') {
                    children.add(element());
                } else {
                    int next = xml.indexOf('<', at);
                    if (next < 0) {
                        throw malformed("unclosed <" + name + ">");
                    }
                    text.append(unescape(xml.substring(at, next)));
                    at = next;
                }
            }
        }

        private String name() {
            int start = at;
            while (at < xml.length() && !Character.isWhitespace(xml.charAt(at)) && "=/>".indexOf(xml.charAt(at)) < 0) {
                at++;
            }
            if (at == start) {
                throw malformed("a name expected at " + start);
            }
            return xml.substring(start, at);
        }

        private void skipSpace() {
            while (at < xml.length() && Character.isWhitespace(xml.charAt(at))) {
                at++;
            }
        }

        private void expect(char c) {
            if (at >= xml.length() || xml.charAt(at) != c) {
                throw malformed("'" + c + "' expected at " + at);
            }
            at++;
        }

        private int end(String token, int from) {
            int found = xml.indexOf(token, from);
            if (found < 0) {
                throw malformed("'" + token + "' expected after " + from);
            }
            return found;
        }

        private static IllegalArgumentException malformed(String why) {
            return new IllegalArgumentException("S3 answer is not XML as expected: " + why);
        }
    }

    /** The five named entities and numeric references decoded; anything else is kept as written. */
    static String unescape(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int semi = c == '&' ? text.indexOf(';', i) : -1;
            if (semi < 0) {
                out.append(c);
                continue;
            }
            String name = text.substring(i + 1, semi);
            switch (name) {
                case "amp" -> out.append('&');
                case "lt" -> out.append('<');
                case "gt" -> out.append('>');
                case "quot" -> out.append('"');
                case "apos" -> out.append('\'');
                default -> {
                    int code = codePoint(name);
                    if (code >= 0) {
                        out.appendCodePoint(code);
                    } else {
                        out.append(text, i, semi + 1);
                    }
                }
            }
            i = semi;
        }
        return out.toString();
    }

    private static int codePoint(String reference) {
        try {
            int code = reference.startsWith("#x") ? Integer.parseInt(reference.substring(2), 16)
                    : reference.startsWith("#") ? Integer.parseInt(reference.substring(1)) : -1;
            return Character.isValidCodePoint(code) ? code : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
