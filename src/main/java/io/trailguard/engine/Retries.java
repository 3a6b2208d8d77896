package io.trailguard.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import io.trailguard.policy.ActionResult;
import io.trailguard.policy.ActionSpec;
import io.trailguard.policy.CommonSettings;
import io.trailguard.policy.Deadline;
import io.trailguard.policy.PolicySettings;
import io.trailguard.remediation.ActionExecutor;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Enforces one action spec through its executor: re-reads the live state, applies it if still needed, and on
 * a transient fault (throttling, 5xx, dropped connection, timeout) tries again after exponential backoff with
 * full jitter, as long as the invocation's deadline allows. A resource not found yet (a creator racing us) is re-checked
 * after the policy's {@code not-found-retry-millis}, if set. The outcome carries the number of attempts.
 */
@ApplicationScoped
public class Retries {

    enum Fault { TRANSIENT, NOT_FOUND, PERMANENT }

    private final RetrySettings settings;
    private final Config properties;

    public Retries(RetrySettings settings, Config properties) {
        this.settings = settings;
        this.properties = properties;
    }

    public ActionResult enforce(ActionExecutor executor, ActionSpec spec, String policy, Deadline deadline) {
        long notFoundDelay = notFoundRetryMillis(policy);
        String action = spec.name();
        String target = executor.target(spec);
        for (int attempt = 1;; attempt++) {
            try {
                if (!executor.needed(spec)) {
                    return new ActionResult(action, target, ActionResult.ALREADY_COMPLIANT, null, attempt);
                }
                executor.apply(spec);
                return new ActionResult(action, target, ActionResult.APPLIED, null, attempt);
            } catch (RuntimeException e) {
                Fault fault = classify(e);
                long delay = switch (fault) {
                    case TRANSIENT -> backoff(attempt);
                    case NOT_FOUND -> notFoundDelay;
                    case PERMANENT -> -1;
                };
                String error = DecisionRunner.errorText(e);
                if (delay < 0 || (fault == Fault.NOT_FOUND && delay == 0)) {
                    return new ActionResult(action, target, ActionResult.FAILED, error, attempt);
                }
                if (attempt >= settings.maxAttempts()) {
                    return new ActionResult(action, target, ActionResult.FAILED, error + " (gave up after " + attempt + " attempts)", attempt);
                }
                if (!deadline.allowsWait(delay)) {
                    return new ActionResult(action, target, ActionResult.FAILED, error + " (no time left to retry)", attempt);
                }
                if (!sleep(delay)) {
                    return new ActionResult(action, target, ActionResult.FAILED, error + " (interrupted)", attempt);
                }
            }
        }
    }

    /**
     * A read that must not give up on the first throttle (the exemption tag): retried on transient faults like
     * a remediation, within the deadline; the last fault is rethrown.
     */
    public <T> T read(Supplier<T> read, Deadline deadline) {
        for (int attempt = 1;; attempt++) {
            try {
                return read.get();
            } catch (RuntimeException e) {
                long delay = backoff(attempt);
                if (classify(e) != Fault.TRANSIENT || attempt >= settings.maxAttempts() || !deadline.allowsWait(delay) || !sleep(delay)) {
                    throw e;
                }
            }
        }
    }

    /** {@code trailguard.policies.<name>.not-found-retry-millis}. */
    long notFoundRetryMillis(String policy) {
        return PolicySettings.of(policy, properties).get(CommonSettings.NOT_FOUND_RETRY_MILLIS);
    }

    /** Full jitter: uniformly between 0 and min(max, base * 2^(attempt-1)). */
    long backoff(int attempt) {
        long ceiling = Math.min(settings.maxDelayMillis(), settings.baseDelayMillis() << Math.min(attempt - 1, 20));
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    static Fault classify(RuntimeException e) {
        if (e instanceof AwsServiceException aws) {
            String code = aws.awsErrorDetails() != null && aws.awsErrorDetails().errorCode() != null ? aws.awsErrorDetails().errorCode() : "";
            if (aws.isThrottlingException() || aws.statusCode() >= 500 || code.contains("Throttl")) {
                return Fault.TRANSIENT;
            }
            if (aws.statusCode() == 404 || code.contains("NotFound") || code.startsWith("NoSuch")) {
                return Fault.NOT_FOUND;
            }
            return Fault.PERMANENT;
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException || e instanceof UncheckedIOException) {
            return Fault.TRANSIENT;
        }
        if (e instanceof SdkClientException) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof IOException) {
                    return Fault.TRANSIENT;
                }
            }
        }
        return Fault.PERMANENT;
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
