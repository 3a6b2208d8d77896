package io.trailguard;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import io.trailguard.remediation.AwsCallLog;

/**
 * Sees every AWS call made in the test JVM (installed on every client through the SDK's global
 * interceptor list, src/test/resources/software/amazon/awssdk/global/handlers/execution.interceptors, and told of the
 * calls signed without a client through the same list, as an {@link AwsCallLog} that writes nothing), so a
 * test can prove that no AWS call happened; when blocking, it also fails each call before it leaves the JVM.
 */
public class AwsCallCounter extends AwsCallLog implements ExecutionInterceptor {

    /** The SDK's service names of the services trailguard calls without a client, by signing name. */
    private static final Map<String, String> SERVICES = Map.ofEntries(Map.entry("sns", "Sns"), Map.entry("sqs", "Sqs"),
            Map.entry("ssm", "Ssm"), Map.entry("dynamodb", "DynamoDb"), Map.entry("firehose", "Firehose"),
            Map.entry("securityhub", "SecurityHub"), Map.entry("ecr", "Ecr"), Map.entry("secretsmanager", "SecretsManager"),
            Map.entry("glacier", "Glacier"), Map.entry("kms", "Kms"), Map.entry("cloudtrail", "CloudTrail"),
            Map.entry("lambda", "Lambda"), Map.entry("config", "Config"), Map.entry("events", "EventBridge"),
            Map.entry("guardduty", "GuardDuty"), Map.entry("route53domains", "Route53Domains"), Map.entry("s3", "S3"),
            Map.entry("s3control", "S3Control"), Map.entry("sts", "Sts"), Map.entry("iam", "Iam"), Map.entry("rds", "Rds"),
            Map.entry("ec2", "Ec2"));

    private static final AtomicLong CALLS = new AtomicLong();
    private static final List<String> RECENT = new CopyOnWriteArrayList<>();
    private static final ConcurrentHashMap<String, LongAdder> BY_CALL = new ConcurrentHashMap<>();
    private static volatile boolean blocking;
    private static volatile Set<String> allowed = Set.of();

    public static long calls() {
        return CALLS.get();
    }

    /** The calls made of one operation (service.operation, e.g. S3.GetObject). */
    public static long calls(String call) {
        LongAdder adder = BY_CALL.get(call);
        return adder == null ? 0 : adder.sum();
    }

    /** The last calls made (service.operation), for failure messages. */
    public static List<String> recent() {
        return List.copyOf(RECENT);
    }

    /** While on, every AWS call fails at once with a {@link BlockedCall} and sends nothing. */
    public static void block(boolean on) {
        block(on, Set.of());
    }

    /** As {@link #block(boolean)}, letting the {@code except} calls (service.operation) through, e.g. reading a log file. */
    public static void block(boolean on, Set<String> except) {
        allowed = Set.copyOf(except);
        blocking = on;
    }

    /** As the SDK and AwsCallLog's signed calls build it: writes no call log. */
    public AwsCallCounter() {
        super((Path) null);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        count(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "." + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    @Override
    protected void signed(String action) {
        String service = action.substring(0, action.indexOf(':'));
        count(SERVICES.getOrDefault(service, service) + "." + action.substring(action.indexOf(':') + 1));
    }

    private static void count(String call) {
        CALLS.incrementAndGet();
        BY_CALL.computeIfAbsent(call, c -> new LongAdder()).increment();
        RECENT.add(call);
        if (RECENT.size() > 50) {
            RECENT.remove(0);
        }
        if (blocking && !allowed.contains(call)) {
            throw new BlockedCall(call);
        }
    }

    /** Not an IO fault: trailguard does not retry it. */
    public static final class BlockedCall extends SdkClientException {
        BlockedCall(String call) {
            super(SdkClientException.builder().message("AWS call blocked by the test: " + call));
        }
    }
}
