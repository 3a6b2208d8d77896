package io.trailguard;

import java.util.List;
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

/**
 * Sees every AWS SDK call made in the test JVM (installed on every client through the SDK's global
 * interceptor list, src/test/resources/software/amazon/awssdk/global/handlers/execution.interceptors), so a
 * test can prove that no AWS call happened; when blocking, it also fails each call before it leaves the JVM.
 */
public class AwsCallCounter implements ExecutionInterceptor {

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

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        CALLS.incrementAndGet();
        String call = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
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
