package io.trailguard.infra;

import static io.trailguard.infra.Synth.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.event.ruler.Machine;

/**
 * The synthesized one-account stack (SQS-buffered: moto cannot run a function) deployed into moto's
 * CloudFormation, and events driven through it: moto's EventBridge (an implementation independent of the
 * event-ruler the functions match with) routes them by the deployed rules to the deployed queues; the test plays
 * the event source mapping and runs the packaged function with the configuration moto holds.
 *
 * <p>Needs the application's build (../target/function.zip, ../target/policy-catalog.json) and moto_server;
 * skipped with a message without them (.ci/run builds first and has moto).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployedStackTest {

    static final Path FUNCTION_ZIP = Path.of(System.getProperty("trailguard.code", "../target/function.zip"));
    static final Path EVENTS = Path.of("../src/test/resources/events");
    static final String STACK = "trailguard-" + Moto.REGION;
    static final String BUCKET = "tg-demo-data";
    /** What moto's CloudFormation does not model; checked from the template instead (the alarms by OperationsTest). */
    static final Set<String> UNMODELED = Set.of("AWS::SQS::QueuePolicy", "AWS::Lambda::EventInvokeConfig", "AWS::CloudWatch::Alarm");

    private Moto moto;
    private DeployedStack stack;
    private final Catalog catalog = Synth.catalog();

    @BeforeAll
    void deploy() throws Exception {
        // in CI (.ci/test-infra builds the application first) a missing build or moto fails instead of skipping
        boolean ci = "true".equals(System.getenv("CI"));
        if (ci) {
            assertTrue(Files.exists(FUNCTION_ZIP) && Moto.executable().isPresent(), "CI: no " + FUNCTION_ZIP + " or no moto_server");
        }
        assumeTrue(Files.exists(FUNCTION_ZIP) && Files.exists(Synth.CATALOG), "no " + FUNCTION_ZIP + " or " + Synth.CATALOG
                + ": build the application first (./mvnw package; .ci/run does)");
        assumeTrue(Moto.executable().isPresent(), "moto_server is not on the PATH (pip install 'moto[server]==5.2.1')");
        moto = Moto.start(Path.of("target", "moto-deployed-stack.log"));
        String runtime;
        try (ZipFile zip = new ZipFile(FUNCTION_ZIP.toFile())) {
            runtime = zip.getEntry("bootstrap") != null ? Settings.NATIVE : Settings.JVM;
        }
        stack = DeployedStack.deploy(moto, Synth.app(context("account", Moto.ACCOUNT, "regions", Moto.REGION, "runtime", runtime,
                "sqsBuffered", "*")), STACK, Map.of(), FUNCTION_ZIP);
        // the deployed mappings, then off: moto would invoke the functions itself, fail (no containers) and redrive
        // the messages to the dead-letter queues; the tests play the mappings instead
        try (LambdaClient lambda = moto.client(LambdaClient.builder())) {
            for (EventSourceMappingConfiguration m : lambda.listEventSourceMappingsPaginator(l -> { }).eventSourceMappings()) {
                assertEquals("Enabled", m.state(), m.toString());
                assertEquals(List.of("ReportBatchItemFailures"), m.functionResponseTypesAsStrings(), m.toString());
                lambda.updateEventSourceMapping(u -> u.uuid(m.uuid()).enabled(false));
            }
        }
    }

    @AfterAll
    void stop() {
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void theStackReachesCreateCompleteAndWhatMotoDoesNotModelIsRightInTheTemplate() {
        assertEquals(UNMODELED, stack.unmodeledTypes(), "moto models every other resource type of the stack");
        System.out.printf("deployed %s: %d resources created in moto, %d of types moto does not model (%s)%n", STACK,
                stack.created(), stack.resourcesById().size() - stack.created(), UNMODELED);
        Map<String, Map<String, Object>> queues = DeployedStack.resourcesOf(stack.template(), "AWS::SQS::Queue");
        Map<String, Map<String, Object>> functions = DeployedStack.resourcesOf(stack.template(), "AWS::Lambda::Function");
        // every queue has its policy: EventBridge may send to it, and only over TLS
        Map<String, Map<String, Object>> policies = DeployedStack.resourcesOf(stack.template(), "AWS::SQS::QueuePolicy");
        Set<Object> withPolicy = policies.values().stream().flatMap(p -> ((List<?>) Synth.props(p).get("Queues")).stream())
                .map(q -> ((Map<?, ?>) q).get("Ref")).collect(Collectors.toSet());
        assertEquals(queues.keySet(), withPolicy);
        for (Map<String, Object> policy : policies.values()) {
            List<Map<String, Object>> statements = Synth.statements(Synth.props(policy).get("PolicyDocument"));
            assertTrue(statements.stream().anyMatch(s -> "Deny".equals(s.get("Effect"))
                    && Map.of("Bool", Map.of("aws:SecureTransport", "false")).equals(s.get("Condition"))), "TLS only: " + policy);
            assertTrue(statements.stream().anyMatch(s -> "Allow".equals(s.get("Effect"))
                    && Map.of("Service", "events.amazonaws.com").equals(s.get("Principal"))
                    && String.valueOf(s.get("Action")).contains("sqs:SendMessage")), "EventBridge sends: " + policy);
        }
        // every function's failed async invocations end in its dead-letter queue
        Map<String, Map<String, Object>> configs = DeployedStack.resourcesOf(stack.template(), "AWS::Lambda::EventInvokeConfig");
        assertEquals(functions.keySet(), configs.values().stream()
                .map(c -> ((Map<?, ?>) Synth.props(c).get("FunctionName")).get("Ref")).collect(Collectors.toSet()));
        for (Map<String, Object> config : configs.values()) {
            Object destination = ((Map<?, ?>) ((Map<?, ?>) Synth.props(config).get("DestinationConfig")).get("OnFailure")).get("Destination");
            String queue = (String) ((List<?>) ((Map<?, ?>) destination).get("Fn::GetAtt")).get(0);
            assertTrue(queues.containsKey(queue) && queue.contains("DeadLetters"), "on failure: a dead-letter queue, " + config);
        }
    }

    @Test
    void aPublicPutBucketAclIsRoutedByTheDeployedRuleAndRemediatedByTheDeployedFunction() throws Exception {
        try (S3Client s3 = moto.s3(); SqsClient sqs = moto.client(SqsClient.builder()); SnsClient sns = moto.client(SnsClient.builder());
                LambdaClient lambda = moto.client(LambdaClient.builder());
                EventBridgeClient events = moto.client(EventBridgeClient.builder())) {
            Map<String, Mapping> mappings = mappings(lambda, sqs);
            mappings.values().forEach(m -> drain(sqs, m.queueUrl()));
            s3.createBucket(b -> b.bucket(BUCKET));
            s3.putBucketAcl(a -> a.bucket(BUCKET).acl("public-read"));
            assertTrue(allUsers(s3.getBucketAcl(a -> a.bucket(BUCKET)).grants()), "the bucket starts public");
            Mapping s3Function = mappings.get("s3");
            GetFunctionConfigurationResponse config = lambda.getFunctionConfiguration(f -> f.functionName(s3Function.functionArn()));
            String topic = config.environment().variables().get("TRAILGUARD_ALERTS_SNS_TOPIC_ARN");
            String inbox = sqs.createQueue(q -> q.queueName("alert-inbox")).queueUrl();
            sns.subscribe(s -> s.topicArn(topic).protocol("sqs").endpoint(queueArn(sqs, inbox)));

            Map<String, Object> sample = DeployedStack.read(EVENTS.resolve("s3-public-bucket/put-bucket-acl-canned-public-read.json"));
            String eventId = put(events, List.of(sample)).get(0);

            // moto's EventBridge delivered it by the deployed rule's pattern to the s3 function's queue
            List<Message> delivered = receive(sqs, s3Function.queueUrl());
            assertEquals(1, delivered.size(), "one message on the s3 function's queue");
            assertEquals(eventId, DeployedStack.JSON.readTree(delivered.get(0).body()).path("id").asText());

            // the event source mapping's part: the batch to the function, then delete what it did not report failed
            String batch = DeployedStack.write(Map.of("Records", List.of(sqsRecord(delivered.get(0), s3Function.queueArn()))));
            Path output = Files.createTempFile("trailguard-s3-function", ".log");
            LocalRuntimeApi.Answer answer = run(s3, config, batch, output);
            assertFalse(answer.error(), answer.body());
            assertEquals(0, DeployedStack.JSON.readTree(answer.body()).path("batchItemFailures").size(), answer.body());
            sqs.deleteMessage(d -> d.queueUrl(s3Function.queueUrl()).receiptHandle(delivered.get(0).receiptHandle()));

            // the bucket is private and blocks public access
            assertFalse(allUsers(s3.getBucketAcl(a -> a.bucket(BUCKET)).grants()), "no AllUsers grant left");
            PublicAccessBlockConfiguration block = s3.getPublicAccessBlock(p -> p.bucket(BUCKET)).publicAccessBlockConfiguration();
            assertTrue(block.blockPublicAcls() && block.ignorePublicAcls() && block.blockPublicPolicy() && block.restrictPublicBuckets());
            // the alert reached the deployed topic
            List<Message> alerts = receive(sqs, inbox);
            assertEquals(1, alerts.size(), "one alert on the deployed topic");
            var notification = DeployedStack.JSON.readTree(alerts.get(0).body());
            assertEquals(topic, notification.path("TopicArn").asText());
            assertTrue(notification.path("Message").asText().contains(BUCKET), notification.toString());
            // the audit line: this event (by its CloudTrail event id), this policy, the remediation applied
            String cloudTrailEventId = (String) ((Map<?, ?>) sample.get("detail")).get("eventID");
            List<String> audit = Files.readAllLines(output).stream().filter(l -> l.contains("\"policy\":\"s3-public-bucket\"")
                    && l.contains("\"eventId\":\"" + cloudTrailEventId + "\"")).toList();
            assertEquals(1, audit.size(), "one audit line for the event in:\n" + Files.readString(output));
            assertTrue(audit.get(0).contains("\"outcome\":\"applied\""), audit.get(0));
        }
    }

    @Test
    void eachEnabledPolicysSampleLandsOnItsOwnHandlersQueueAndNowhereEventRulerWouldNotSendIt() throws Exception {
        List<CatalogPolicy> policies = Synth.enabledByDefault(catalog).stream().filter(p -> p.belongsIn(Moto.REGION)).toList();
        // event-ruler, the functions' own matcher, says which deployed rules each event should match
        Machine ruler = new Machine();
        Map<String, String> handlerOf = new HashMap<>();
        for (CatalogPolicy policy : policies) {
            ruler.addRule(policy.name(), DeployedStack.write(policy.pattern()));
            handlerOf.put(policy.name(), policy.handler());
        }
        Map<String, Map<String, Object>> samples = new LinkedHashMap<>();
        for (CatalogPolicy policy : policies) {
            samples.put(policy.name(), positiveSample(policy.name()));
        }
        try (SqsClient sqs = moto.client(SqsClient.builder()); LambdaClient lambda = moto.client(LambdaClient.builder());
                EventBridgeClient events = moto.client(EventBridgeClient.builder())) {
            Map<String, Mapping> mappings = mappings(lambda, sqs);
            Set<String> otherQueues = DeployedStack.resourcesOf(stack.template(), "AWS::SQS::Queue").keySet().stream()
                    .map(stack::physicalId).filter(url -> mappings.values().stream().noneMatch(m -> m.queueUrl().equals(url)))
                    .collect(Collectors.toCollection(TreeSet::new));
            Stream.concat(mappings.values().stream().map(Mapping::queueUrl), otherQueues.stream()).forEach(q -> drain(sqs, q));

            List<String> ids = put(events, new ArrayList<>(samples.values()));
            Map<String, String> policyOfEvent = new HashMap<>();
            List<String> names = new ArrayList<>(samples.keySet());
            for (int i = 0; i < ids.size(); i++) {
                policyOfEvent.put(ids.get(i), names.get(i));
            }
            Map<String, Set<String>> landedOn = new TreeMap<>();
            for (Mapping mapping : mappings.values()) {
                for (Message message : receive(sqs, mapping.queueUrl())) {
                    String policy = policyOfEvent.get(DeployedStack.JSON.readTree(message.body()).path("id").asText());
                    landedOn.computeIfAbsent(policy, p -> new TreeSet<>()).add(mapping.handler());
                }
            }
            int routes = 0;
            List<String> wrong = new ArrayList<>();
            for (String queue : otherQueues) {
                List<Message> stray = receive(sqs, queue);
                if (!stray.isEmpty()) {
                    wrong.add(stray.size() + " events landed on " + queue);
                }
            }
            for (var sample : samples.entrySet()) {
                Map<String, Object> event = new LinkedHashMap<>(sample.getValue());
                event.put("account", Moto.ACCOUNT);
                event.put("region", Moto.REGION);
                Set<String> expected = ruler.rulesForJSONEvent(DeployedStack.write(event)).stream().map(handlerOf::get)
                        .collect(Collectors.toCollection(TreeSet::new));
                Set<String> landed = landedOn.getOrDefault(sample.getKey(), Set.of());
                if (!expected.contains(handlerOf.get(sample.getKey())) || !expected.equals(landed)) {
                    wrong.add(sample.getKey() + ": landed on " + landed + ", event-ruler matches " + expected);
                }
                routes += landed.size();
            }
            assertEquals(List.of(), wrong, "each sample on its own handler's queue, and only where event-ruler sends it");
            System.out.printf("%d sample events (one per enabled policy) put on the deployed bus: %d routes to handler queues proven%n",
                    samples.size(), routes);
        }
    }

    /** The policy's first sample that it decides a finding on, the plainest first (crafted and replayed ones last). */
    private static Map<String, Object> positiveSample(String policy) throws IOException {
        try (Stream<Path> files = Files.list(EVENTS.resolve(policy))) {
            List<Path> candidates = files.filter(f -> f.toString().endsWith(".expected.json"))
                    .sorted((a, b) -> (unusual(a) + a.getFileName().toString()).compareTo(unusual(b) + b.getFileName().toString()))
                    .toList();
            for (Path expected : candidates) {
                Path sample = Path.of(expected.toString().replace(".expected.json", ".json"));
                if ("finding".equals(DeployedStack.read(expected).get("verdict")) && Files.exists(sample)) {
                    Map<String, Object> event = DeployedStack.read(sample);
                    if (event.containsKey("detail-type")) {
                        return event;
                    }
                }
            }
        }
        throw new IllegalStateException(policy + " has no sample event it decides a finding on under " + EVENTS);
    }

    private static String unusual(Path sample) {
        String name = sample.getFileName().toString();
        return name.startsWith("crafted-") || name.startsWith("replayed-") ? "1" : "0";
    }

    /** A packaged function run on the configuration moto holds, with the SQS batch as its one event. */
    private LocalRuntimeApi.Answer run(S3Client s3, GetFunctionConfigurationResponse config, String event, Path output) throws Exception {
        Map<String, Object> function = DeployedStack.resourcesOf(stack.template(), "AWS::Lambda::Function").entrySet().stream()
                .filter(e -> config.functionName().equals(stack.physicalId(e.getKey()))).map(Map.Entry::getValue)
                .findFirst().orElseThrow();
        Map<?, ?> code = (Map<?, ?>) Synth.props(function).get("Code");
        PackagedFunction packaged;
        try (var zip = s3.getObject(g -> g.bucket((String) code.get("S3Bucket")).key((String) code.get("S3Key")))) {
            packaged = PackagedFunction.unzip(zip, Files.createTempDirectory("trailguard-task"));
        }
        assertTrue(packaged.has(config.handler()), "the package holds the configured handler " + config.handler());
        try (LocalRuntimeApi api = new LocalRuntimeApi(config.functionArn())) {
            Map<String, String> environment = new LinkedHashMap<>(config.environment().variables());
            // what Lambda adds to every function's environment
            environment.put("AWS_LAMBDA_RUNTIME_API", api.address());
            environment.put("AWS_REGION", Moto.REGION);
            environment.put("AWS_DEFAULT_REGION", Moto.REGION);
            environment.put("AWS_LAMBDA_FUNCTION_NAME", config.functionName());
            environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(config.memorySize()));
            environment.put("AWS_ACCESS_KEY_ID", "testing");
            environment.put("AWS_SECRET_ACCESS_KEY", "testing");
            // and only this for the emulator: its endpoint (S3 is then addressed path-style)
            environment.put("TRAILGUARD_AWS_ENDPOINT_OVERRIDE", moto.endpoint());
            Process process = packaged.start(environment, output);
            try {
                return api.invoke(event, 90);
            } finally {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** A queue's event source mapping and its function, by the function's handler. */
    record Mapping(String handler, String functionArn, String queueArn, String queueUrl) {
    }

    private static Map<String, Mapping> mappings(LambdaClient lambda, SqsClient sqs) {
        Map<String, Mapping> mappings = new TreeMap<>();
        for (EventSourceMappingConfiguration m : lambda.listEventSourceMappingsPaginator(l -> { }).eventSourceMappings()) {
            GetFunctionConfigurationResponse f = lambda.getFunctionConfiguration(g -> g.functionName(m.functionArn()));
            String queueName = m.eventSourceArn().substring(m.eventSourceArn().lastIndexOf(':') + 1);
            mappings.put(f.environment().variables().get("QUARKUS_LAMBDA_HANDLER"), new Mapping(
                    f.environment().variables().get("QUARKUS_LAMBDA_HANDLER"), m.functionArn(), m.eventSourceArn(),
                    sqs.getQueueUrl(q -> q.queueName(queueName)).queueUrl()));
        }
        return mappings;
    }

    /** Puts CloudTrail-shaped events on the default bus as their service would; returns the event ids. */
    static List<String> put(EventBridgeClient events, List<Map<String, Object>> samples) throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < samples.size(); i += 10) {
            List<PutEventsRequestEntry> entries = new ArrayList<>();
            for (Map<String, Object> sample : samples.subList(i, Math.min(i + 10, samples.size()))) {
                entries.add(PutEventsRequestEntry.builder().source((String) sample.get("source"))
                        .detailType((String) sample.get("detail-type")).detail(DeployedStack.write(sample.get("detail")))
                        .resources(((List<?>) sample.getOrDefault("resources", List.of())).stream().map(String::valueOf).toList())
                        .time(Instant.parse((String) sample.get("time"))).build());
            }
            PutEventsResponse response = events.putEvents(p -> p.entries(entries));
            assertEquals(0, response.failedEntryCount(), response.toString());
            response.entries().forEach(e -> ids.add(e.eventId()));
        }
        return ids;
    }

    static List<Message> receive(SqsClient sqs, String queueUrl) {
        List<Message> messages = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(600)).messages();
            messages.addAll(batch);
        } while (!batch.isEmpty());
        return messages;
    }

    static void drain(SqsClient sqs, String queueUrl) {
        sqs.purgeQueue(p -> p.queueUrl(queueUrl));
    }

    static String queueArn(SqsClient sqs, String queueUrl) {
        return sqs.getQueueAttributes(a -> a.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** One record of the batch Lambda's SQS event source mapping hands the function. */
    static Map<String, Object> sqsRecord(Message message, String queueArn) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("messageId", message.messageId());
        record.put("receiptHandle", message.receiptHandle());
        record.put("body", message.body());
        record.put("attributes", Map.of("ApproximateReceiveCount", "1", "SentTimestamp", String.valueOf(System.currentTimeMillis()),
                "SenderId", "AIDAEVENTBRIDGE", "ApproximateFirstReceiveTimestamp", String.valueOf(System.currentTimeMillis())));
        record.put("messageAttributes", Map.of());
        record.put("md5OfBody", message.md5OfBody());
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", queueArn);
        record.put("awsRegion", Moto.REGION);
        return record;
    }

    private static boolean allUsers(List<Grant> grants) {
        return grants.stream().anyMatch(g -> "http://acs.amazonaws.com/groups/global/AllUsers".equals(g.grantee().uri()));
    }
}
