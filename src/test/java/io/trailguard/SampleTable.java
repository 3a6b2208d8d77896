package io.trailguard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.trailguard.engine.InMemoryCounterStore;
import io.trailguard.engine.PolicyRegistry;
import io.trailguard.event.EventReader;
import io.trailguard.event.InvalidEventException;
import io.trailguard.policy.Policy;
import io.trailguard.policy.TagReader;
import io.trailguard.policy.TrailguardConfig;
import io.trailguard.policy.Verdict;
import io.trailguard.remediation.ActionExecutor;
import io.trailguard.remediation.AwsClientConfig;
import io.trailguard.remediation.CrossAccountConfig;
import io.trailguard.rules.DeclaredRules;
import io.trailguard.rules.RulesConfig;
import software.amazon.awssdk.core.SdkClient;

/**
 * The sample table's world without Quarkus: the test profile's configuration, every policy and action executor
 * class under target/classes built from its constructor as CDI would, and the {@link PolicyRegistry} over them.
 * Deciding a sample is pure logic, so the whole table runs in seconds; PolicyCatalogTest checks in Quarkus that
 * the policies found here are exactly the CDI beans.
 */
public final class SampleTable {

    private static SampleTable shared;

    private final SmallRyeConfig config;
    private final ObjectMapper mapper;
    private final EventReader reader;
    private final List<Policy> policies;
    private final Map<String, ActionExecutor> executors;
    private final List<TagReader> tagReaders;
    private final PolicyRegistry registry;
    private final InMemoryCounterStore counts = new InMemoryCounterStore();

    private SampleTable() {
        this.config = testProfileConfig();
        // as Quarkus configures its own: unknown properties ignored, dates as text
        this.mapper = JsonMapper.builder().findAndAddModules().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        this.reader = construct(EventReader.class);
        Map<String, ActionExecutor> byName = new TreeMap<>();
        instancesOf(ActionExecutor.class, "io/trailguard/remediation").forEach(e -> byName.put(e.name(), e));
        this.executors = byName;
        this.tagReaders = instancesOf(TagReader.class, "io/trailguard/remediation");
        // the Java policy classes and the declarative rules of the test profile (bundled, files, inline)
        DeclaredRules rules = new DeclaredRules(DeclaredRules.sources(config.getConfigMapping(RulesConfig.class), config), byName.keySet());
        List<Policy> all = new ArrayList<>(PolicyRegistry.withRules(instancesOf(Policy.class, "io/trailguard/policies"), rules));
        all.sort(Comparator.comparing(Policy::name));
        this.policies = List.copyOf(all);
        this.registry = new PolicyRegistry(policies, config.getConfigMapping(TrailguardConfig.class), config, counts);
    }

    /** Built once per test JVM: every test class of the table shares it. */
    public static synchronized SampleTable get() {
        if (shared == null) {
            shared = new SampleTable();
        }
        return shared;
    }

    public Config config() {
        return config;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public EventReader reader() {
        return reader;
    }

    public PolicyRegistry registry() {
        return registry;
    }

    /** Every policy found and every declarative rule, sorted by name. */
    public List<Policy> policies() {
        return policies;
    }

    /**
     * Every action executor by name, built with no AWS client: the table checks the specs a decision asks for
     * (names, parameters, permissions) and never carries one out.
     */
    public Map<String, ActionExecutor> executors() {
        return executors;
    }

    /** Every tag reader (exemption tags), built with no AWS client, as the executors. */
    public List<TagReader> tagReaders() {
        return tagReaders;
    }

    /**
     * The verdicts of every policy on one sample, decided as one cold function instance would: threshold counts
     * forgotten, then the samples its .expected.json lists in "preceded-by" decided first, in order. A sample listed
     * again is another delivery of the same call with its own event id (a burst of 20 denials need not be 20 files).
     */
    public List<Verdict> decide(Path sample) throws IOException, InvalidEventException {
        counts.clear();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (JsonNode earlier : expected(sample).path("preceded-by")) {
            byte[] event = Files.readAllBytes(sample.resolveSibling(earlier.asText() + ".json"));
            int repeat = seen.merge(earlier.asText(), 1, Integer::sum) - 1;
            if (repeat > 0) {
                ObjectNode tree = (ObjectNode) mapper.readTree(event);
                tree.put("id", tree.path("id").asText() + "-" + repeat);
                ((ObjectNode) tree.path("detail")).put("eventID", tree.path("detail").path("eventID").asText() + "-" + repeat);
                event = mapper.writeValueAsBytes(tree);
            }
            registry.evaluate(reader.read(event), PolicyRegistry.ALL);
        }
        return registry.evaluate(reader.read(Files.readAllBytes(sample)), PolicyRegistry.ALL);
    }

    /** The .expected.json beside a sample. */
    public JsonNode expected(Path sample) throws IOException {
        return mapper.readTree(expectedPath(sample).toFile());
    }

    public static Path expectedPath(Path sample) {
        String name = sample.getFileName().toString();
        return sample.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".expected.json");
    }

    private static SmallRyeConfig testProfileConfig() {
        URL properties = SampleTable.class.getClassLoader().getResource("application.properties");
        if (properties == null) {
            throw new IllegalStateException("application.properties is not on the test class path");
        }
        try {
            return new SmallRyeConfigBuilder()
                    .withProfile("test")
                    .addDefaultInterceptors()
                    .addSystemSources()
                    // the ordinal Quarkus gives application.properties: environment variables and system properties win
                    .withSources(new PropertiesConfigSource(properties, 250))
                    .withConverter(Duration.class, 200, new DurationConverter())
                    .withMapping(TrailguardConfig.class)
                    .withMapping(RulesConfig.class)
                    // the executors that sign their own calls build them from these (a region to sign for; never called here)
                    .withMapping(AwsClientConfig.class)
                    .withMapping(CrossAccountConfig.class)
                    .withDefaultValue("trailguard.aws.region", "us-east-1")
                    // the other trailguard.* mappings (retry, dedup …) are not built here; Quarkus checks them all
                    .withValidateUnknown(false)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every concrete class implementing {@code type} under a package folder of target/classes, built, sorted by class name. */
    private <T> List<T> instancesOf(Class<T> type, String folder) {
        Path classes;
        try {
            classes = Path.of(Policy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<T> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve(folder))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = classes.relativize(file).toString().replace(".class", "").replace('/', '.');
                Class<?> candidate = Class.forName(name);
                if (type.isAssignableFrom(candidate) && !candidate.isInterface() && !Modifier.isAbstract(candidate.getModifiers())
                        && Modifier.isPublic(candidate.getModifiers()) && !candidate.isMemberClass()) {
                    found.add(type.cast(construct(candidate)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no " + type.getSimpleName() + " class under " + classes.resolve(folder));
        }
        if (Policy.class.equals(type)) {
            found.sort(Comparator.comparing(p -> ((Policy) p).name()));
        }
        return found;
    }

    /** Builds a bean from its (only, or @Inject) public constructor, each parameter supplied by its type. */
    private <T> T construct(Class<T> type) {
        List<Constructor<?>> constructors = List.of(type.getConstructors());
        if (constructors.size() > 1) {
            // inside a @QuarkusTest, ArC has given each normal-scoped bean a no-argument constructor for its proxy
            constructors = constructors.stream().filter(c -> c.getParameterCount() > 0).toList();
        }
        Constructor<?> constructor = constructors.stream().filter(c -> c.isAnnotationPresent(jakarta.inject.Inject.class)).findFirst()
                .orElse(constructors.size() == 1 ? constructors.get(0) : null);
        if (constructor == null) {
            throw new IllegalStateException(type.getName() + " has " + constructors.size() + " public constructors and none is @Inject");
        }
        Object[] arguments = new Object[constructor.getParameterCount()];
        Parameter[] parameters = constructor.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            arguments[i] = argument(type, parameters[i]);
        }
        try {
            return type.cast(constructor.newInstance(arguments));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not build " + type.getName() + ": " + e.getCause(), e.getCause() == null ? e : e.getCause());
        }
    }

    private Object argument(Class<?> bean, Parameter parameter) {
        ConfigProperty property = parameter.getAnnotation(ConfigProperty.class);
        if (property != null) {
            return property(property, parameter.getParameterizedType());
        }
        Class<?> type = parameter.getType();
        if (type.equals(Config.class) || type.equals(SmallRyeConfig.class)) {
            return config;
        }
        if (type.equals(ObjectMapper.class)) {
            return mapper;
        }
        if (type.isInterface() && type.isAnnotationPresent(io.smallrye.config.ConfigMapping.class)) {
            return config.getConfigMapping(type);
        }
        if (SdkClient.class.isAssignableFrom(type) || signsItsOwnCalls(type)) {
            // an executor's client is only used to carry a spec out, which the table never does
            return null;
        }
        if (type.getName().startsWith("io.trailguard.") && !type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
            return construct(type);
        }
        throw new IllegalStateException("SampleTable cannot supply the parameter " + parameter.getName() + " of type "
                + parameter.getParameterizedType().getTypeName() + " of " + bean.getName() + "'s constructor: teach SampleTable.argument");
    }

    /** A bean that calls AWS without an SDK client (remediation/SignedJsonCall): built from the AWS client settings. */
    private static boolean signsItsOwnCalls(Class<?> type) {
        return Arrays.stream(type.getConstructors()).anyMatch(c -> Arrays.asList(c.getParameterTypes()).contains(AwsClientConfig.class));
    }

    /** A {@code @ConfigProperty} constructor parameter, read as Quarkus injects it: default, Optional, List. */
    private Object property(ConfigProperty property, Type type) {
        String name = property.name();
        String fallback = ConfigProperty.UNCONFIGURED_VALUE.equals(property.defaultValue()) ? null : property.defaultValue();
        if (type instanceof ParameterizedType generic && generic.getRawType().equals(Optional.class)) {
            Type inner = generic.getActualTypeArguments()[0];
            return config.getOptionalValue(name, String.class).map(raw -> convert(name, raw, inner));
        }
        String raw = config.getOptionalValue(name, String.class).orElse(fallback);
        if (raw == null) {
            throw new IllegalStateException("property " + name + " is not set and has no default");
        }
        return convert(name, raw, type);
    }

    private Object convert(String name, String raw, Type type) {
        if (type instanceof ParameterizedType generic && generic.getRawType().equals(List.class)) {
            Class<?> element = (Class<?>) generic.getActualTypeArguments()[0];
            List<Object> values = new ArrayList<>();
            for (String part : raw.split("(?<!\\\\),")) {
                if (!part.isBlank()) {
                    values.add(config.getConverter(element).orElseThrow().convert(part.replace("\\,", ",").trim()));
                }
            }
            return List.copyOf(values);
        }
        Class<?> target = type instanceof Class<?> c ? boxed(c) : null;
        if (target == null) {
            throw new IllegalStateException("SampleTable cannot read property " + name + " as " + type.getTypeName());
        }
        return config.getConverter(target).orElseThrow(() -> new IllegalStateException("no converter for " + target)).convert(raw);
    }

    private static Class<?> boxed(Class<?> type) {
        Map<Class<?>, Class<?>> boxes = new LinkedHashMap<>();
        boxes.put(int.class, Integer.class);
        boxes.put(long.class, Long.class);
        boxes.put(boolean.class, Boolean.class);
        boxes.put(double.class, Double.class);
        return boxes.getOrDefault(type, type);
    }
}
