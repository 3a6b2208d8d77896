package io.trailguard.replay;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.engine.DecisionRunner;
import io.trailguard.engine.PolicyRegistry;
import io.trailguard.event.EventReader;
import io.trailguard.event.InvalidEventException;
import io.trailguard.event.ParsedEvent;
import io.trailguard.notify.AuditRecord;
import io.trailguard.policy.ActionResult;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Verdict;
import io.trailguard.remediation.AccountCredentials;
import io.trailguard.remediation.AwsClientConfig;
import io.trailguard.remediation.SignedJsonCall;
import io.trailguard.remediation.SignedJsonCall.AwsJsonApi;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * {@code redrive --queue URL [--dry-run] [--send [--function NAME]] [--event-id ID]... [--max N]}: what is in a
 * function's dead-letter queue, each entry's event, the policies it matches and why it failed; {@code --dry-run}
 * decides on them locally as {@code replay} does (no AWS call but the queue's); {@code --send} sends them through the
 * function again and deletes an entry only once its event succeeded. An entry that fails again, or is not sent,
 * stays in the queue, visible again at once. Exit code: 0; 1 when an entry failed again or AWS could not be reached;
 * 2 for bad arguments. SQS's awsJson API as signed calls ({@link SignedJsonCall}), without the SDK's client.
 */
@ApplicationScoped
public class RedriveCommand {

    static final String USAGE = "usage: redrive --queue URL [--dry-run] [--send [--function NAME]] [--event-id ID]... [--max N]";
    /** Long enough to send every held entry once; a crash of the command gives them back after it. */
    static final int HOLD_SECONDS = 900;

    private final SignedJsonCall sqs;
    private final FunctionInvoker invoker;
    private final EventReader reader;
    private final PolicyRegistry registry;
    private final DecisionRunner runner;
    private final ObjectMapper mapper;

    public RedriveCommand(AwsClientConfig config, AccountCredentials credentials, FunctionInvoker invoker, EventReader reader,
            PolicyRegistry registry, DecisionRunner runner, ObjectMapper mapper) {
        this.sqs = SignedJsonCall.of("sqs", config, credentials);
        this.invoker = invoker;
        this.reader = reader;
        this.registry = registry;
        this.runner = runner;
        this.mapper = mapper;
    }

    public int run(PrintStream out, String... args) {
        String queue = null;
        String function = null;
        boolean dryRun = false;
        boolean send = false;
        int max = 1000;
        Set<String> eventIds = new LinkedHashSet<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--queue" -> queue = args[++i];
                    case "--function" -> function = args[++i];
                    case "--event-id" -> eventIds.add(args[++i]);
                    case "--max" -> max = Integer.parseInt(args[++i]);
                    case "--dry-run" -> dryRun = true;
                    case "--send" -> send = true;
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            out.println(e instanceof ArrayIndexOutOfBoundsException ? "a value is missing after " + args[args.length - 1] : e.getMessage());
            out.println(USAGE);
            return 2;
        }
        if (queue == null || max < 1) {
            out.println(USAGE);
            return 2;
        }
        List<DeadLetter> letters;
        try {
            letters = receive(queue, max);
        } catch (RuntimeException e) {
            out.println("could not read " + queue + ": " + errorText(e));
            return 1;
        }
        int failed = 0;
        List<DeadLetter> unsent = new ArrayList<>();
        try {
            out.println(letters.size() + " entr" + (letters.size() == 1 ? "y" : "ies") + " in " + queue);
            int n = 0;
            for (DeadLetter letter : letters) {
                ParsedEvent parsed = parse(letter);
                String eventId = parsed == null ? null : parsed.event().eventId();
                boolean selected = eventIds.isEmpty() || eventIds.contains(eventId);
                describe(out, ++n, letter, parsed, selected);
                if (selected && parsed != null && dryRun) {
                    dryRun(out, parsed);
                }
                if (!send || !selected || !letter.redrivable()) {
                    unsent.add(letter);
                    continue;
                }
                String target = function != null ? function : letter.function();
                if (target == null) {
                    out.println("   not sent: the message does not name its function; give --function");
                    unsent.add(letter);
                    continue;
                }
                if (redrive(out, queue, letter, target)) {
                    continue;
                }
                failed++;
                unsent.add(letter);
            }
        } finally {
            // whatever happened above, every entry not deleted is visible again at once: listing changes nothing
            release(queue, unsent);
        }
        if (send) {
            out.println((letters.size() - unsent.size()) + " sent and deleted, " + failed + " failed again, "
                    + (unsent.size() - failed) + " left as they were");
        }
        return failed > 0 ? 1 : 0;
    }

    /** Holds up to {@code max} messages (each received once), so that the listing ends and a send is not raced. */
    private List<DeadLetter> receive(String queue, int max) {
        Map<String, DeadLetter> letters = new LinkedHashMap<>();
        while (letters.size() < max) {
            int batch = Math.min(10, max - letters.size());
            ObjectNode request = queue(queue);
            request.putArray("MessageSystemAttributeNames").add("ApproximateReceiveCount");
            request.putArray("MessageAttributeNames").add("All");
            request.put("MaxNumberOfMessages", batch).put("VisibilityTimeout", HOLD_SECONDS).put("WaitTimeSeconds", 1);
            JsonNode messages = sqs.target(AwsJsonApi.SQS, "ReceiveMessage", request).path("Messages");
            if (messages.isEmpty()) {
                break;
            }
            for (JsonNode message : messages) {
                letters.putIfAbsent(message.path("MessageId").asText(), DeadLetter.of(message, mapper));
            }
        }
        return new ArrayList<>(letters.values());
    }

    private ParsedEvent parse(DeadLetter letter) {
        if (!letter.redrivable()) {
            return null;
        }
        try {
            return reader.read(letter.event().getBytes(StandardCharsets.UTF_8));
        } catch (InvalidEventException e) {
            return null;
        }
    }

    private void describe(PrintStream out, int n, DeadLetter letter, ParsedEvent parsed, boolean selected) {
        if (parsed == null) {
            out.printf("%d. message %s: %s (%s); never sent, never deleted%n", n, letter.messageId(),
                    letter.redrivable() ? "not an event trailguard can read" : letter.reason(), letter.source());
            return;
        }
        var event = parsed.event();
        out.printf("%d. event %s%s: %s %s by %s in %s at %s%n", n, event.eventId(), selected ? "" : " (not selected)",
                event.detail().eventSource(), event.detail().eventName(),
                event.detail().userIdentity() == null ? "?" : event.detail().userIdentity().arn(), event.account(), event.detail().eventTime());
        List<String> policies = registry.evaluate(parsed, PolicyRegistry.ALL).stream().map(v -> v.policy().name()).toList();
        out.println("   policies: " + (policies.isEmpty() ? "none matches now" : String.join(", ", policies)));
        out.println("   failed:   " + letter.reason());
        out.println("   from:     " + letter.source() + (letter.function() == null ? "" : ", function " + letter.function()));
    }

    /** As replay: every verdict capped at dry-run, so no AWS call and no alert. */
    private void dryRun(PrintStream out, ParsedEvent parsed) {
        for (Verdict verdict : registry.evaluate(parsed, PolicyRegistry.ALL)) {
            Verdict dryRun = new Verdict(verdict.policy(), verdict.decision(), verdict.mode().cappedBy(Mode.DRY_RUN), verdict.skipped(),
                    verdict.attempt());
            AuditRecord record = runner.run(dryRun, parsed.event(), "replay");
            List<ActionResult> actions = record.outcome() == null || record.outcome().actions() == null ? List.of() : record.outcome().actions();
            out.printf("   dry-run:  %s (configured %s): %s%s%n", record.policy(), verdict.modeLabel(),
                    record.conclusion().reason() == null ? "" : record.conclusion().reason(),
                    actions.isEmpty() ? "" : "; " + String.join(", ", actions.stream().map(a -> a.action() + " " + a.target() + " " + a.outcome()).toList()));
        }
    }

    private boolean redrive(PrintStream out, String queue, DeadLetter letter, String function) {
        FunctionInvoker.Invocation invocation;
        try {
            invocation = invoker.invoke(function, letter.event());
        } catch (RuntimeException e) {
            invocation = new FunctionInvoker.Invocation(errorText(e));
        }
        if (!invocation.ok()) {
            out.println("   sent to " + function + ": failed again, kept in the queue: " + invocation.error());
            return false;
        }
        try {
            sqs.target(AwsJsonApi.SQS, "DeleteMessage", queue(queue).put("ReceiptHandle", letter.receiptHandle()));
        } catch (RuntimeException e) {
            // the event went through; the entry comes back after the hold and a second send finds it compliant
            out.println("   sent to " + function + ": succeeded, but the entry could not be deleted: " + errorText(e));
            return true;
        }
        out.println("   sent to " + function + ": succeeded, deleted from the queue");
        return true;
    }

    private void release(String queue, List<DeadLetter> letters) {
        for (DeadLetter letter : letters) {
            try {
                sqs.target(AwsJsonApi.SQS, "ChangeMessageVisibility", queue(queue).put("ReceiptHandle", letter.receiptHandle())
                        .put("VisibilityTimeout", 0));
            } catch (RuntimeException e) {
                // not lost: it comes back when the hold ends
            }
        }
    }

    private ObjectNode queue(String queue) {
        return mapper.createObjectNode().put("QueueUrl", queue);
    }

    @PreDestroy
    void close() {
        sqs.close();
    }

    /** The AWS error code (a signed call's error is an AwsServiceException of any code) and message only, never a request's headers. */
    private static String errorText(RuntimeException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String kind = e instanceof AwsServiceException aws && aws.awsErrorDetails() != null ? aws.awsErrorDetails().errorCode()
                : e.getClass().getSimpleName();
        return kind + ": " + (message.length() > 300 ? message.substring(0, 300) + "…" : message);
    }
}
