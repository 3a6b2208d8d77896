package io.trailguard.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailguard.policy.ActionResult;

/**
 * An alert as JSON within a size limit (SNS takes 256 KB): past it, long texts are shortened and the
 * findings, then the actions, that do not fit are replaced by a count of what was left out.
 */
public final class AlertBody {

    static final int MAX_TEXT = 2000;

    private AlertBody() {
    }

    public static String json(Alert alert, int maxBytes, ObjectMapper mapper) {
        String body = write(alert, mapper);
        if (bytes(body) <= maxBytes) {
            return body;
        }
        List<String> findings = alert.findings() == null ? List.of() : alert.findings().stream().map(AlertBody::shorten).toList();
        List<ActionResult> actions = alert.actions() == null ? List.of() : alert.actions().stream()
                .map(a -> new ActionResult(a.action(), shorten(a.target()), a.outcome(), shorten(a.error()))).toList();
        Alert shortened = alert.withTexts(shorten(alert.summary()), findings, actions);
        int keptFindings = largestFitting(findings.size(), n -> shortened.withTexts(shortened.summary(), kept(findings, n), actions), maxBytes, mapper);
        if (keptFindings >= 0) {
            return write(shortened.withTexts(shortened.summary(), kept(findings, keptFindings), actions), mapper);
        }
        List<String> none = kept(findings, 0);
        int keptActions = largestFitting(actions.size(), n -> shortened.withTexts(shortened.summary(), none, actions.subList(0, n)), maxBytes, mapper);
        if (keptActions < 0) {
            throw new IllegalStateException("alert does not fit in " + maxBytes + " bytes even without findings and actions");
        }
        return write(shortened.withTexts(shortened.summary(), none, actions.subList(0, keptActions)), mapper);
    }

    /** The first n findings, and a line saying how many were left out. */
    private static List<String> kept(List<String> findings, int n) {
        if (n >= findings.size()) {
            return findings;
        }
        List<String> kept = new ArrayList<>(findings.subList(0, n));
        kept.add("… " + (findings.size() - n) + " more findings left out to fit the message size limit");
        return kept;
    }

    /** The largest n in [0, count] whose alert fits, by bisection; -1 if not even n = 0 fits. */
    private static int largestFitting(int count, java.util.function.IntFunction<Alert> alertWith, int maxBytes, ObjectMapper mapper) {
        if (bytes(write(alertWith.apply(0), mapper)) > maxBytes) {
            return -1;
        }
        int low = 0;
        int high = count;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (bytes(write(alertWith.apply(mid), mapper)) <= maxBytes) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    static String shorten(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String write(Alert alert, ObjectMapper mapper) {
        try {
            return AlertSerializer.json(mapper, alert);
        } catch (IOException e) {
            throw new IllegalStateException("alert not serialisable", e);
        }
    }
}
