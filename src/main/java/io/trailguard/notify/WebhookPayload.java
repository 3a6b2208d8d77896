package io.trailguard.notify;

import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.policy.ActionResult;
import io.trailguard.policy.AttackTechnique;

/**
 * The JSON a webhook receives: Slack's {@code text} and {@code blocks} (so a Slack incoming webhook shows it
 * as is) and the whole alert under {@code alert} for receivers that parse it. Every value from the event is
 * escaped for Slack's mrkdwn, so a resource name cannot ping a channel or forge a link.
 */
public final class WebhookPayload {

    /** Slack's limit for a section's text. */
    static final int SECTION_TEXT = 3000;
    static final int MAX_FINDINGS = 10;
    /** Bounds the {@code alert} copy; Slack's own request limit is far above the rendered blocks. */
    static final int MAX_ALERT_BYTES = 64 * 1024;
    private static final Pattern SAFE_URL = Pattern.compile("https?://[^\\s<>|&]+");

    private WebhookPayload() {
    }

    public static byte[] of(Alert alert, ObjectMapper mapper) {
        ObjectNode payload = mapper.createObjectNode();
        payload.put("text", cut(escape(alert.subject()) + "\n" + escape(alert.summary()), SECTION_TEXT));
        ArrayNode blocks = payload.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", cut(alert.severity() + " " + alert.policy(), 150));
        section(blocks, escape(alert.summary()));
        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        field(fields, "Who", alert.who());
        field(fields, "What", alert.what());
        field(fields, "Where", alert.where());
        field(fields, "When", alert.when());
        field(fields, "Resource", alert.resource());
        field(fields, "Source IP", alert.sourceIp());
        List<String> attack = alert.attack() == null ? List.of() : alert.attack();
        if (!attack.isEmpty()) {
            // a link only for a well-formed id: an id from a rules file must not forge one
            fields.addObject().put("type", "mrkdwn").put("text", cut("*ATT&amp;CK*\n" + String.join(", ", attack.stream()
                    .map(id -> AttackTechnique.isWellFormed(id) ? "<" + AttackTechnique.url(id) + "|" + id + ">" : escape(id)).toList()), 2000));
        }
        if (alert.runbook() != null) {
            fields.addObject().put("type", "mrkdwn").put("text", cut("*Runbook*\n" + runbookLink(alert.runbook()), 2000));
        }
        List<String> findings = alert.findings() == null ? List.of() : alert.findings();
        if (!findings.isEmpty()) {
            StringBuilder text = new StringBuilder("*Findings*");
            findings.stream().limit(MAX_FINDINGS).forEach(f -> text.append("\n• ").append(escape(f)));
            if (findings.size() > MAX_FINDINGS) {
                text.append("\n… ").append(findings.size() - MAX_FINDINGS).append(" more");
            }
            section(blocks, text.toString());
        }
        List<ActionResult> actions = alert.actions() == null ? List.of() : alert.actions();
        if (!actions.isEmpty()) {
            StringBuilder text = new StringBuilder("*Actions* (mode ").append(escape(alert.mode())).append(")");
            for (ActionResult a : actions) {
                text.append("\n• `").append(escape(a.action())).append("` on ").append(escape(a.target())).append(": ")
                        .append(escape(a.outcome()));
                if (a.error() != null) {
                    text.append(" (").append(escape(a.error())).append(")");
                }
            }
            section(blocks, text.toString());
        }
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", cut("trailguard · mode " + escape(alert.mode()) + " · event " + escape(alert.eventId()), SECTION_TEXT));
        try {
            payload.set("alert", mapper.readTree(AlertBody.json(alert, MAX_ALERT_BYTES, mapper)));
            return mapper.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook payload not serialisable", e);
        }
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", cut(mrkdwn, SECTION_TEXT));
    }

    private static void field(ArrayNode fields, String label, String value) {
        if (value != null && !value.isBlank()) {
            fields.addObject().put("type", "mrkdwn").put("text", cut("*" + label + "*\n" + escape(value), 2000));
        }
    }

    /** A link for an http(s) URL that cannot break out of Slack's {@code <url|text>}; anything else as escaped text. */
    static String runbookLink(String url) {
        return SAFE_URL.matcher(url).matches() ? "<" + url + "|" + url + ">" : escape(url);
    }

    /** Slack's mrkdwn control characters: &, < and > (a link or mention starts with <). */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
