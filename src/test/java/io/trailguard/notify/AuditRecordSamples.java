package io.trailguard.notify;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.SampleEvents;
import io.trailguard.SampleTable;
import io.trailguard.event.InvalidEventException;
import io.trailguard.event.ParsedEvent;
import io.trailguard.policy.ActionResult;
import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.Verdict;
import io.trailguard.remediation.ActionExecutor;

/**
 * A large, varied set of audit records for holding {@link AuditRecordSerializer} to Jackson's bean serialization:
 * every sample event decided by every policy as the sample table decides it (as read, and again with fields of the
 * wrong type, for oddities), the outcomes a runner gives each mode; then {@link #full()}, a record with every field
 * set and strings that need escaping, that record with each field in turn left out and with each field alone, and
 * empty lists, lists holding nulls, extreme numbers.
 */
final class AuditRecordSamples {

    static final String AWKWARD = "quote \" backslash \\ slash / tab \t newline \n return \r nul \u0000 unit-sep \u001f del \u007f "
            + "é ß 日本 \uD83D\uDE00 line-sep \u2028 para-sep \u2029 bom \uFEFF </script> & ' <";

    private static final List<String> OUTCOMES = List.of(ActionResult.APPLIED, ActionResult.ALREADY_COMPLIANT, ActionResult.WOULD_APPLY,
            ActionResult.NOT_APPLIED, ActionResult.FAILED, ActionResult.REFUSED);

    private AuditRecordSamples() {
    }

    static List<AuditRecord> all() throws Exception {
        List<AuditRecord> records = new ArrayList<>(decided());
        records.addAll(madeByHand());
        return records;
    }

    /** The records the decisions on every sample event make, each sample read as it is and with fields of the wrong type. */
    static List<AuditRecord> decided() throws Exception {
        SampleTable table = SampleTable.get();
        List<AuditRecord> records = new ArrayList<>();
        int n = 0;
        for (Path sample : SampleEvents.all()) {
            byte[] bytes = Files.readAllBytes(sample);
            String handler = n % 3 == 0 ? "all" : sample.getParent().getFileName().toString().split("-")[0];
            List<Verdict> verdicts;
            ParsedEvent parsed;
            try {
                verdicts = table.decide(sample);
                parsed = table.reader().read(bytes);
            } catch (InvalidEventException e) {
                records.add(AuditRecord.rejected(handler, sample.getFileName() + ": " + e.getMessage()));
                continue;
            }
            List<ParsedEvent> readings = new ArrayList<>(List.of(parsed));
            try {
                readings.add(table.reader().read(withWrongTypes(table, bytes)));
            } catch (InvalidEventException e) {
                records.add(AuditRecord.rejected(handler, e.getMessage()));
            }
            for (ParsedEvent reading : readings) {
                if (verdicts.isEmpty()) {
                    records.add(AuditRecord.unmatched(handler, reading.event()).withOddities(reading.oddities()));
                }
                for (Verdict verdict : verdicts) {
                    n++;
                    records.add(AuditRecord.decision(handler, verdict, reading.event(), verdict.skipped(), outcome(table, verdict, n))
                            .withOddities(reading.oddities()));
                }
            }
        }
        return records;
    }

    /** A record with every field set, each list of two, the strings awkward. */
    static AuditRecord full() {
        ApiCall call = new ApiCall("id-" + AWKWARD, "PutBucketAcl", "s3.amazonaws.com", "arn:aws:iam::123456789012:user/\"alice\"",
                "123456789012", "us-east-1", "203.0.113.10", "2026-11-20T10:15:29Z");
        AuditRecord.Conclusion conclusion = new AuditRecord.Conclusion("AWS::S3::Bucket " + AWKWARD, "enforce", true, true, "CRITICAL",
                "reason " + AWKWARD, List.of("finding " + AWKWARD, ""), List.of("T1530", "T1098.001"), "https://example.com/runbook?a=1&b=\"2\"",
                "skipped " + AWKWARD);
        AuditRecord.Outcome outcome = new AuditRecord.Outcome("not read: " + AWKWARD, List.of(
                new ActionResult("s3.block-public-access", "tg-demo-data", ActionResult.FAILED, "AccessDenied: " + AWKWARD, 3),
                new ActionResult("s3.remove-public-acl-grants", "tg-demo-data", ActionResult.APPLIED, null, 1)),
                "sns: sent; " + AWKWARD, "brake " + AWKWARD, 1234L);
        return new AuditRecord(AuditRecord.DECISION, "2026-12-01T16:00:00.123456Z", "s3", "s3-public-bucket", call, conclusion, outcome,
                List.of("detail.userAgent: expected a string, got an object", AWKWARD));
    }

    /** The names of an audit line's fields in the order Jackson writes them: the components, unwrapped parts inlined. */
    static List<String> fieldNames(Class<? extends Record> type) {
        List<String> names = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getAccessor().isAnnotationPresent(JsonUnwrapped.class)) {
                names.addAll(fieldNames(component.getType().asSubclass(Record.class)));
            } else {
                names.add(component.getName());
            }
        }
        return names;
    }

    static List<AuditRecord> madeByHand() {
        AuditRecord full = full();
        AuditRecord empty = new AuditRecord(null, null, null, null, null, null, null, null);
        List<AuditRecord> records = new ArrayList<>(List.of(full, empty, AuditRecord.rejected("s3", AWKWARD), AuditRecord.rejected(null, null)));
        ActionResult action = full.outcome().actions().get(0);
        ActionResult bare = new ActionResult(null, null, null, null, null);
        // each field left out of the full record, and each field alone (of its part, of the action)
        for (int i = 0; i < AuditRecord.class.getRecordComponents().length; i++) {
            Object value = component(full, i);
            records.add(with(full, i, null));
            records.add(with(empty, i, value));
            if (value instanceof Record part) {
                Record none = part;
                for (int j = 0; j < part.getClass().getRecordComponents().length; j++) {
                    none = with(none, j, null);
                }
                for (int j = 0; j < part.getClass().getRecordComponents().length; j++) {
                    records.add(with(full, i, with(part, j, null)));
                    records.add(with(empty, i, with(none, j, component(part, j))));
                }
                records.add(with(full, i, none));
            }
        }
        for (int j = 0; j < ActionResult.class.getRecordComponents().length; j++) {
            records.add(withActions(full, List.of(with(action, j, null))));
            records.add(withActions(full, List.of(with(bare, j, component(action, j)))));
        }
        records.add(withActions(full, List.of(bare)));
        records.add(withActions(full, List.of()));
        records.add(withActions(full, Arrays.asList(action, null, bare)));
        records.add(withActions(full, List.of(new ActionResult("a", "t", ActionResult.APPLIED, null, 0),
                new ActionResult("a", "t", ActionResult.FAILED, "", Integer.MAX_VALUE), new ActionResult("a", "t", "", null, Integer.MIN_VALUE))));
        // empty lists, and lists holding nulls: Jackson writes [] and null for them
        AuditRecord.Conclusion conclusion = full.conclusion();
        records.add(new AuditRecord("decision", "", "", "", full.call(), new AuditRecord.Conclusion("", "", false, false, "", "",
                List.of(), List.of(), "", ""), new AuditRecord.Outcome("", List.of(), "", "", 0L), List.of()));
        records.add(new AuditRecord("decision", null, null, null, null, new AuditRecord.Conclusion(null, null, null, null, null, null,
                Arrays.asList(null, "x", null), Arrays.asList((String) null), null, null), null, Arrays.asList("odd", null)));
        for (long micros : new long[] {Long.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE + 1L, Long.MAX_VALUE}) {
            records.add(with(full, "outcome", new AuditRecord.Outcome(null, null, null, null, micros)));
        }
        records.add(with(full, "conclusion", new AuditRecord.Conclusion(conclusion.resource(), "dry-run", false, false, null, "no finding", null,
                null, null, null)));
        records.add(with(full, "conclusion", AuditRecord.Conclusion.none(true, "no enabled policy matches")));
        records.add(with(full, "conclusion", AuditRecord.Conclusion.none(null, "event is not a JSON object")));
        for (String type : List.of(AuditRecord.DECISION, AuditRecord.REJECTED, AuditRecord.UNMATCHED, AWKWARD)) {
            records.add(with(full, "type", type));
        }
        return records;
    }

    /** What a runner makes of a verdict: actions with the outcome its mode gives (one of each in turn), alert, brake, time. */
    private static AuditRecord.Outcome outcome(SampleTable table, Verdict verdict, int n) {
        List<ActionResult> actions = new ArrayList<>();
        if (!verdict.actionable()) {
            return new AuditRecord.Outcome(null, actions, null, null, (long) n);
        }
        int k = n;
        for (ActionSpec spec : verdict.decision().actions()) {
            ActionExecutor executor = table.executors().get(spec.name());
            String refusal = executor == null ? "no action executor is named " + spec.name() : executor.refusal(spec);
            String outcome = refusal != null ? ActionResult.REFUSED : OUTCOMES.get(k++ % (OUTCOMES.size() - 1));
            String target = refusal != null ? "(invalid spec)" : executor.target(spec);
            actions.add(switch (outcome) {
                case ActionResult.APPLIED, ActionResult.ALREADY_COMPLIANT -> new ActionResult(spec.name(), target, outcome, null, 1 + k % 3);
                case ActionResult.FAILED -> new ActionResult(spec.name(), target, outcome, "AccessDenied: not allowed (gave up after 3 attempts)", 3);
                case ActionResult.REFUSED -> new ActionResult(spec.name(), target, outcome, refusal);
                default -> new ActionResult(spec.name(), target, outcome, null);
            });
        }
        return new AuditRecord.Outcome(n % 7 == 0 ? "not read: invalid bucket name" : null, actions,
                n % 5 == 0 ? null : "sns: sent; webhook: failed (HTTP 500)", n % 11 == 0 ? "brake s3-public-bucket: 10 remediations in 1h" : null,
                (long) n * 37);
    }

    /** The sample with a few fields of the wrong type (an object, a number, an array), which the lenient reading leaves out. */
    private static byte[] withWrongTypes(SampleTable table, byte[] sample) throws Exception {
        ObjectNode tree = (ObjectNode) table.mapper().readTree(sample);
        if (tree.path("detail") instanceof ObjectNode detail) {
            detail.putObject("userAgent").put("nested", AWKWARD);
            detail.put("sourceIPAddress", 7);
            detail.putArray("awsRegion").add("us-east-1");
        }
        return table.mapper().writeValueAsBytes(tree);
    }

    private static AuditRecord withActions(AuditRecord record, List<ActionResult> actions) {
        AuditRecord.Outcome outcome = record.outcome();
        return with(record, "outcome", new AuditRecord.Outcome(outcome.exemptionTag(), actions, outcome.alert(), outcome.braked(), outcome.durationMicros()));
    }

    static Object component(Record record, int index) {
        try {
            return record.getClass().getRecordComponents()[index].getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <R extends Record> R with(R record, String component, Object value) {
        List<String> names = Arrays.stream(record.getClass().getRecordComponents()).map(RecordComponent::getName).toList();
        if (!names.contains(component)) {
            throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no component " + component);
        }
        return with(record, names.indexOf(component), value);
    }

    /** The record with its component at {@code index} replaced by {@code value}. */
    @SuppressWarnings("unchecked")
    static <R extends Record> R with(R record, int index, Object value) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = i == index ? value : component(record, i);
            types[i] = components[i].getType();
        }
        try {
            return (R) record.getClass().getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
