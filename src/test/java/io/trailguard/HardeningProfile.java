package io.trailguard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The hardening tests' application: trailguard's own AWS clients (IAM, CloudTrail, DynamoDB) talk to moto
 * through the {@link FaultProxy}; alerts are deduplicated in a DynamoDB table; retries are short so tests are
 * quick; the credentials are distinctive, so a leak of them into any log can be searched for; and member
 * accounts' events are remediated with an assumed role, whose session credentials must not leak either (one
 * profile for every hardening test: each profile costs an application start).
 */
public class HardeningProfile implements QuarkusTestProfile {

    public static final String DEDUP_TABLE = "trailguard-dedup";
    public static final String ACCESS_KEY_ID = "AKIAHARDENINGTEST777";
    public static final String SECRET_ACCESS_KEY = "hardeningSecret/Kq7ZsD0n0tL0gMe+8107xyz";

    private static FaultProxy proxy;

    public static synchronized FaultProxy proxy() {
        return proxy;
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resources.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("trailguard.dedup.enabled", "true");
        config.put("trailguard.dedup.table", DEDUP_TABLE);
        config.put("trailguard.retry.max-attempts", "4");
        config.put("trailguard.retry.base-delay-millis", "50");
        config.put("trailguard.retry.max-delay-millis", "400");
        config.put("trailguard.aws.api-call-timeout-millis", "1500");
        config.put("trailguard.policies.cloudtrail-tampering.not-found-retry-millis", "400");
        // an event of the function's own account (all but SecretsInLogsTest's member events) still uses its own credentials
        config.put("trailguard.cross-account.role-name", "trailguard-remediation");
        return config;
    }

    /** moto (the shared one) plus the fault proxy in front of it for trailguard's own clients. */
    public static class Resources extends MotoServer {

        @Override
        public synchronized Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            synchronized (HardeningProfile.class) {
                if (proxy == null) {
                    try {
                        proxy = new FaultProxy(MotoServer.endpoint());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            config.put("trailguard.aws.endpoint-override", proxy.endpoint());
            config.put("trailguard.aws.access-key-id", ACCESS_KEY_ID);
            config.put("trailguard.aws.secret-access-key", SECRET_ACCESS_KEY);
            for (String service : new String[] { "s3", "sns" }) {
                config.put("quarkus." + service + ".aws.credentials.static-provider.access-key-id", ACCESS_KEY_ID);
                config.put("quarkus." + service + ".aws.credentials.static-provider.secret-access-key", SECRET_ACCESS_KEY);
            }
            return config;
        }
    }
}
