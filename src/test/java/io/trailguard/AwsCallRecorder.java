package io.trailguard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * Writes one JSON line per AWS call the function makes (target/aws-calls/unit-tests.jsonl): the handler and policy
 * it ran for, the IAM action, the resource ARNs and the principal that signed it, for infra's least-privilege
 * check (infra/…/LeastPrivilegeTest). A call counts as the function's when it is made inside an invocation or a
 * decision (the logging context names them), so the tests' own setup and read-back calls are left out.
 * Installed, like {@link AwsCallCounter}, through the SDK's global interceptor list.
 */
public class AwsCallRecorder implements ExecutionInterceptor {

    static final Path FILE = Path.of("target", "aws-calls", "unit-tests.jsonl");
    /** The principal of a call signed with the function's own credentials (its role when deployed). */
    static final String OWN = "own";

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/[^/]+/([^/]+)/([^/]+)/");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Access key ids of the sessions STS handed out, and the role each is a session of. */
    private static final Map<String, String> SESSIONS = new ConcurrentHashMap<>();
    private static final String STARTED = "io.trailguard.aws-calls.started";

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.response() instanceof AssumeRoleResponse assumed && assumed.credentials() != null) {
            SESSIONS.put(assumed.credentials().accessKeyId(), IamCalls.roleOfSession(assumed.assumedRoleUser().arn()));
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String handler = (String) MDC.get("handler");
        String policy = (String) MDC.get("policy");
        if (handler == null && policy == null) {
            return;
        }
        Matcher credential = context.httpRequest().firstMatchingHeader("Authorization").map(CREDENTIAL::matcher)
                .filter(Matcher::find).orElse(null);
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String signingName = credential == null ? service.toLowerCase() : credential.group(3);
        String region = credential == null ? MotoServer.REGION : credential.group(2);
        String principal = credential == null ? OWN : SESSIONS.getOrDefault(credential.group(1), OWN);
        String account = OWN.equals(principal) ? MotoServer.ACCOUNT : IamCalls.accountOf(principal);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String action = IamCalls.versioned(IamCalls.action(signingName, service, operation), context.request());

        Map<String, Object> line = new LinkedHashMap<>();
        line.put("handler", handler);
        line.put("policy", policy);
        line.put("action", action);
        line.put("resources", IamCalls.resources(action, context.request(), region, account));
        line.put("principal", principal);
        line.put("account", account);
        line.put("region", region);
        line.put("deployment", deployment());
        write(line);
    }

    /** What of the function's configuration the deployed role depends on: its optional sinks and the cross-account role. */
    private static Map<String, Object> deployment() {
        Config config = ConfigProvider.getConfig();
        Map<String, Object> deployment = new LinkedHashMap<>();
        for (String key : List.of("trailguard.alerts.sns-topic-arn", "trailguard.dedup.table", "trailguard.audit.s3-bucket",
                "trailguard.audit.s3-prefix", "trailguard.audit.firehose-stream", "trailguard.alerts.webhook.url-ssm-parameter",
                "trailguard.alerts.security-hub.enabled", "trailguard.cross-account.role-name",
                "trailguard.cross-account.external-id")) {
            Optional<String> value = config.getOptionalValue(key, String.class);
            value.ifPresent(v -> deployment.put(key.substring("trailguard.".length()), v));
        }
        return deployment;
    }

    private static synchronized void write(Map<String, Object> line) {
        try {
            // one file per test JVM, started afresh so that a stale run proves nothing; a system property, since each
            // Quarkus restart loads this class anew
            if (System.getProperty(STARTED) == null) {
                Files.createDirectories(FILE.getParent());
                Files.deleteIfExists(FILE);
                System.setProperty(STARTED, "true");
            }
            Files.writeString(FILE, JSON.writeValueAsString(line) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
