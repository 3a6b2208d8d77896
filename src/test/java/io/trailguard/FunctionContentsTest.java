package io.trailguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Policy;
import io.trailguard.policy.TagReader;

/**
 * What each function's own binary holds ({@code -Dtrailguard.function=<handler>}, README "Native build"):
 * application.properties excludes, per handler, every bean it does not run — the other handlers' policies, and the
 * executors and tag readers its own policies never name — so that their AWS clients are unreachable in its image.
 * The lists are derived here from the policies' declared actions and resource types; a new policy, rule action or
 * executor fails this test, which prints the lines to paste.
 */
class FunctionContentsTest {

    static final String PREFIX = "trailguard-build.excluded-types.";
    private static final String POLICIES_PACKAGE = "io.trailguard.policies.";
    /** The operator's commands that call other services (redrive: SQS and Lambda): in the all binary and the jar only. */
    static final List<String> OPERATOR_COMMANDS = List.of("LambdaInvoker", "RedriveCommand");

    private final SampleTable table = SampleTable.get();

    @Test
    void eachHandlersBinaryExcludesExactlyWhatItsPoliciesDoNotUse() throws IOException {
        Properties properties = applicationProperties();
        Map<String, String> mismatched = new HashMap<>();
        StringBuilder lines = new StringBuilder();
        for (String handler : HandlerNames.POLICY_HANDLERS) {
            String expected = String.join(",", excludedTypes(handler));
            lines.append(PREFIX).append(handler).append('=').append(expected).append('\n');
            String actual = properties.getProperty(PREFIX + handler);
            if (actual == null || !new TreeSet<>(entries(actual)).equals(new TreeSet<>(entries(expected)))) {
                mismatched.put(handler, actual);
            }
        }
        assertTrue(mismatched.isEmpty(), "the excluded types of " + mismatched.keySet()
                + " do not follow the policies; put these lines in application.properties:\n" + lines);
    }

    @Test
    void theAllBinaryExcludesNothingAndABuildNamesAKnownFunction() throws IOException {
        Properties properties = applicationProperties();
        assertNull(properties.getProperty(PREFIX + HandlerNames.ALL), "the all binary holds every bean");
        String exclusion = properties.getProperty("quarkus.arc.exclude-types");
        assertEquals("${" + PREFIX + "${trailguard.function:all}:}", exclusion);
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(PREFIX)) {
                assertTrue(HandlerNames.POLICY_HANDLERS.contains(key.substring(PREFIX.length())), key + " names no handler");
            }
        }
    }

    @Test
    void aHandlersOwnPoliciesExecutorsAndTagReadersAreNeverExcluded() {
        for (String handler : HandlerNames.POLICY_HANDLERS) {
            Set<String> excluded = entries(String.join(",", excludedTypes(handler)));
            for (Policy policy : javaPolicies()) {
                if (policy.handler().equals(handler)) {
                    assertFalse(excluded.contains(policy.getClass().getSimpleName())
                            || excluded.contains(packageOf(policy.getClass()) + ".*"), handler + " keeps " + policy.name());
                }
            }
            for (String action : neededActions(handler)) {
                assertFalse(excluded.contains(table.executors().get(action).getClass().getSimpleName()), handler + " keeps " + action);
            }
            assertFalse(excluded.isEmpty(), handler + " leaves out what other handlers run");
        }
    }

    @Test
    void simpleNamesOfBeanClassesAreUnique() {
        // an exclusion by simple name must not catch a namesake elsewhere
        Map<String, List<String>> byName = classNames().stream()
                .collect(Collectors.groupingBy(n -> n.substring(n.lastIndexOf('.') + 1)));
        for (String excluded : excludedEverywhere()) {
            if (!excluded.endsWith(".*")) {
                assertEquals(1, byName.getOrDefault(excluded, List.of()).size(), excluded + ": " + byName.get(excluded));
            }
        }
    }

    @Test
    void noMainClassUsesTheSdkClientsOfTheServicesCalledBySignedJson() throws IOException, URISyntaxException {
        // remediation/SignedJsonCall (SignedQueryCall, SignedS3Call, AccountPublicAccessBlockCalls) makes these calls: each client and its model cost every native binary far more
        List<String> replaced = List.of("securityhub", "ssm", "firehose", "dynamodb", "ecr", "secretsmanager", "glacier", "kms",
                "cloudtrail", "sns", "config", "eventbridge", "route53domains", "guardduty", "lambda", "sqs", "s3", "s3control", "sts", "iam", "rds",
                "ec2");
        Path classes = Path.of(Policy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes.resolve("io/trailguard"))) {
            files = walk.filter(f -> f.toString().endsWith(".class")).toList();
        }
        List<String> users = new ArrayList<>();
        for (Path file : files) {
            // a class file names each class it uses in its constant pool, as software/amazon/awssdk/services/ssm/SsmClient
            String constants = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
            replaced.stream().filter(service -> constants.contains("software/amazon/awssdk/services/" + service + "/"))
                    .forEach(service -> users.add(classes.relativize(file) + " uses " + service));
        }
        assertTrue(files.size() > 100, "the classes were found: " + files.size());
        assertEquals(List.of(), users);
    }

    /**
     * Sorted: the other handlers' policy packages (or classes, where a package is shared), then unused executors and
     * readers, and the operator's commands.
     */
    private SortedSet<String> excludedTypes(String handler) {
        SortedSet<String> excluded = new TreeSet<>(OPERATOR_COMMANDS);
        Map<String, Set<String>> handlersByPackage = new HashMap<>();
        for (Policy policy : javaPolicies()) {
            handlersByPackage.computeIfAbsent(packageOf(policy.getClass()), p -> new TreeSet<>()).add(policy.handler());
        }
        for (Policy policy : javaPolicies()) {
            if (!policy.handler().equals(handler)) {
                String pkg = packageOf(policy.getClass());
                excluded.add(handlersByPackage.get(pkg).contains(handler) ? policy.getClass().getSimpleName() : pkg + ".*");
            }
        }
        Set<Class<?>> kept = new LinkedHashSet<>();
        for (String action : neededActions(handler)) {
            kept.add(table.executors().get(action).getClass());
        }
        Set<String> types = new TreeSet<>();
        table.policies().stream().filter(p -> p.handler().equals(handler)).forEach(p -> types.addAll(p.resourceTypes()));
        for (TagReader reader : table.tagReaders()) {
            if (types.stream().anyMatch(reader::reads)) {
                kept.add(reader.getClass());
            }
        }
        // what a kept bean injects (a tagging executor reads tags through its service's reader) stays too
        for (Class<?> bean : List.copyOf(kept)) {
            for (Constructor<?> constructor : bean.getConstructors()) {
                Arrays.stream(constructor.getParameterTypes()).filter(t -> t.getName().startsWith("io.trailguard.remediation."))
                        .forEach(kept::add);
            }
        }
        List<Object> removable = new ArrayList<>(table.executors().values());
        removable.addAll(table.tagReaders());
        for (Object bean : removable) {
            if (!kept.contains(bean.getClass())) {
                excluded.add(bean.getClass().getSimpleName());
            }
        }
        return excluded;
    }

    private Set<String> excludedEverywhere() {
        Set<String> all = new TreeSet<>();
        HandlerNames.POLICY_HANDLERS.forEach(h -> all.addAll(excludedTypes(h)));
        return all;
    }

    /** The actions the handler's policies and rules may ask for. */
    private Set<String> neededActions(String handler) {
        Set<String> actions = new TreeSet<>();
        table.policies().stream().filter(p -> p.handler().equals(handler)).forEach(p -> actions.addAll(p.actions()));
        return actions;
    }

    private List<Policy> javaPolicies() {
        return table.policies().stream().filter(p -> p.getClass().getName().startsWith(POLICIES_PACKAGE)).toList();
    }

    private static String packageOf(Class<?> type) {
        return type.getPackageName();
    }

    private static Set<String> entries(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = FunctionContentsTest.class.getClassLoader().getResourceAsStream("application.properties")) {
            properties.load(in);
        }
        return properties;
    }

    /** Every class under target/classes/io/trailguard, by name. */
    private static List<String> classNames() {
        try {
            Path classes = Path.of(Policy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (Stream<Path> files = Files.walk(classes.resolve("io/trailguard"))) {
                return files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$"))
                        .map(f -> classes.relativize(f).toString().replace(".class", "").replace('/', '.')).toList();
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
