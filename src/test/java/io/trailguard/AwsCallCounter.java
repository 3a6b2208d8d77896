package io.trailguard;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

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
    private static volatile boolean blocking;

    public static long calls() {
        return CALLS.get();
    }

    /** The last calls made (service.operation), for failure messages. */
    public static List<String> recent() {
        return List.copyOf(RECENT);
    }

    /** While on, every AWS call fails at once with a {@link BlockedCall} and sends nothing. */
    public static void block(boolean on) {
        blocking = on;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        CALLS.incrementAndGet();
        String call = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        RECENT.add(call);
        if (RECENT.size() > 50) {
            RECENT.remove(0);
        }
        if (blocking) {
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
