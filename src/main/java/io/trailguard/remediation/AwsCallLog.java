package io.trailguard.remediation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.Arc;
import io.quarkus.runtime.annotations.RegisterForReflection;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The AWS call log ({@code trailguard.aws.call-log=PATH}, off by default): one JSON line per AWS call the function
 * makes, appended to PATH: the handler and policy it ran for, the IAM action, the resource ARNs, the principal that
 * signed it ({@code own}, or the member account's role it assumed), that account and region, and the settings its
 * role depends on. Never a credential, a header or a request body. infra's LeastPrivilegeTest checks such lines
 * against the roles it synthesizes (the native-tests turn it on; the unit tests' AwsCallRecorder writes the same lines).
 * The signed calls ({@link #logSigned}) find it, as an SDK client would, in the SDK's global interceptor list (the SDK's own
 * native-image resource pattern keeps that file in the binary; the class is registered for its reflective construction).
 */
@RegisterForReflection
public class AwsCallLog implements ExecutionInterceptor {

    /** The principal of a call signed with the function's own credentials (its role when deployed). */
    public static final String OWN = "own";
    public static final String SETTING = "trailguard.aws.call-log";
    /** The settings a function's role depends on: its optional sinks, rule sources and the cross-account role. */
    public static final List<String> DEPLOYMENT_SETTINGS = List.of("trailguard.alerts.sns-topic-arn", "trailguard.dedup.table",
            "trailguard.audit.s3-bucket", "trailguard.audit.s3-prefix", "trailguard.audit.firehose-stream",
            "trailguard.alerts.webhook.url-ssm-parameter", "trailguard.alerts.security-hub.enabled", "trailguard.rules.ssm-parameter",
            "trailguard.rules.s3-uri", "trailguard.cross-account.role-name", "trailguard.cross-account.external-id");

    private static final Logger LOG = Logger.getLogger(AwsCallLog.class);
    /** SigV4's credential scope: access key id, date, region, service. Only the key id's role and the scope are kept. */
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/[^/]+/([^/]+)/([^/]+)/");
    /** Access key ids of the sessions STS handed out, and the role each is a session of (never written). */
    private static final Map<String, String> SESSIONS = new ConcurrentHashMap<>();
    /** Set while the log itself asks STS for the function's account: that call is not the function's. */
    private static final ThreadLocal<Boolean> OWN_CALL = ThreadLocal.withInitial(() -> false);
    /** The SDK's global interceptor list, which installs this log on every client. */
    private static final String GLOBAL_INTERCEPTORS = "software/amazon/awssdk/global/handlers/execution.interceptors";
    private static volatile List<AwsCallLog> GLOBAL;
    private static volatile String ownAccount;

    private final Path file;
    /** Only when the log is on: the SDK builds this interceptor for every client, on the cold start's path. */
    private final ObjectMapper json;

    /** As the SDK builds it for each client: on when {@code trailguard.aws.call-log} names a file. */
    public AwsCallLog() {
        this(setting(SETTING).map(Path::of).orElse(null));
    }

    /** Writing to {@code file}; null: off. */
    protected AwsCallLog(Path file) {
        this.file = file;
        this.json = file == null ? null : new ObjectMapper();
    }

    /** Told of each session STS hands out ({@link AssumedRoleCredentials}): the calls signed with its key are the role's. */
    static void session(String accessKeyId, String sessionArn) {
        SESSIONS.put(accessKeyId, IamCalls.roleOfSession(sessionArn));
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (file == null) {
            return; // off: nothing more per call, on every client
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        log(context.httpRequest(), service.toLowerCase(), (signingName, region, account) -> {
            String action = IamCalls.versioned(IamCalls.action(signingName, service, operation), context.request());
            return new Call(action, IamCalls.resources(action, context.request(), region, account));
        });
    }

    /**
     * Logs a call made without an SDK client ({@link SignedJsonCall}, {@link SignedQueryCall}) to the call logs of the SDK's global interceptor
     * list, as their SDK calls are: this class, and in the tests the recorder that extends it.
     */
    static void logSigned(SdkHttpRequest signed, String action, Resources resources) {
        logSigned(signed, action, action, resources);
    }

    /**
     * As {@link #logSigned(SdkHttpRequest, String, Resources)}, for an operation ({@code s3:GetPublicAccessBlock}, as the
     * SDK names it: what {@link #signed} is told) whose IAM action has another name ({@code s3:GetBucketPublicAccessBlock}).
     */
    static void logSigned(SdkHttpRequest signed, String operation, String action, Resources resources) {
        for (AwsCallLog log : global()) {
            log.signed(operation);
            log.log(signed, action.substring(0, action.indexOf(':')),
                    (signingName, region, account) -> new Call(action, resources.of(region, account)));
        }
    }

    /**
     * Told of each signed call ({@code sns:Publish}) before it is sent, as an SDK interceptor is of an SDK call; nothing
     * here. The tests' AwsCallCounter counts and can refuse them, by throwing.
     */
    protected void signed(String action) {
    }

    /** The ARNs a signed call acts on, once the region and account it is signed for are known. */
    interface Resources {
        List<String> of(String region, String account);
    }

    private static List<AwsCallLog> global() {
        List<AwsCallLog> logs = GLOBAL;
        if (logs == null) {
            logs = new ArrayList<>();
            try {
                ClassLoader loader = AwsCallLog.class.getClassLoader();
                for (Enumeration<URL> files = loader.getResources(GLOBAL_INTERCEPTORS); files.hasMoreElements();) {
                    try (InputStream in = files.nextElement().openStream()) {
                        for (String name : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\s+")) {
                            Class<?> type = name.isBlank() ? null : Class.forName(name, true, loader);
                            if (type != null && AwsCallLog.class.isAssignableFrom(type)) {
                                logs.add((AwsCallLog) type.getConstructor().newInstance());
                            }
                        }
                    }
                }
            } catch (IOException | ReflectiveOperationException e) {
                LOG.warnf("AWS call log: the global interceptor list cannot be read (%s)", e.getClass().getSimpleName());
            }
            GLOBAL = logs = List.copyOf(logs);
        }
        return logs;
    }

    /** What a call did, once its signer is known. */
    private record Call(String action, List<String> resources) {
    }

    private interface CallOf {
        Call of(String signingName, String region, String account);
    }

    private void log(SdkHttpRequest request, String service, CallOf describe) {
        if (file == null || OWN_CALL.get()) {
            return;
        }
        String handler = handler();
        String policy = (String) MDC.get("policy");
        if (handler == null && policy == null) {
            return;
        }
        Matcher credential = request.firstMatchingHeader("Authorization").map(CREDENTIAL::matcher)
                .filter(Matcher::find).orElse(null);
        String signingName = credential == null ? service : credential.group(3);
        String region = credential == null ? defaultRegion() : credential.group(2);
        String principal = credential == null ? OWN : SESSIONS.getOrDefault(credential.group(1), OWN);
        String account = OWN.equals(principal) ? ownAccount() : IamCalls.accountOf(principal);
        Call call = describe.of(signingName, region, account);

        Map<String, Object> line = new LinkedHashMap<>();
        line.put("handler", handler);
        line.put("policy", policy);
        line.put("action", call.action());
        line.put("resources", call.resources());
        line.put("principal", principal);
        line.put("account", account);
        line.put("region", region);
        line.put("deployment", deployment());
        try {
            write(file, json.writeValueAsString(line) + "\n");
        } catch (JsonProcessingException e) {
            LOG.warnf("AWS call log: %s not written (%s)", call.action(), e.getClass().getSimpleName());
        }
    }

    /**
     * The handler a call is made for: the invocation's (the logging context names it), else this function's, for
     * what it reads at start-up (rules from SSM or S3) or outside an invocation.
     */
    protected String handler() {
        Object invoked = MDC.get("handler");
        return invoked != null ? (String) invoked : setting("quarkus.lambda.handler").orElse("all");
    }

    /** The account of the function's own credentials: configured, else asked of STS once (an identity call IAM never denies). */
    protected String ownAccount() {
        if (ownAccount == null) {
            ownAccount = setting("trailguard.cross-account.own-account").orElseGet(() -> {
                OWN_CALL.set(true);
                try {
                    return Arc.container() == null ? "unknown" : Arc.container().instance(AccountCredentials.class).get().ownAccount();
                } finally {
                    OWN_CALL.set(false);
                }
            });
        }
        return ownAccount;
    }

    /** The region of a call that names none (unsigned): the function's. */
    protected String defaultRegion() {
        return setting("trailguard.aws.region").or(() -> Optional.ofNullable(System.getenv("AWS_REGION"))).orElse("unknown");
    }

    /** The settings of {@link #DEPLOYMENT_SETTINGS} this function has, without the {@code trailguard.} prefix. */
    protected Map<String, Object> deployment() {
        Map<String, Object> deployment = new LinkedHashMap<>();
        for (String key : DEPLOYMENT_SETTINGS) {
            setting(key).ifPresent(v -> deployment.put(key.substring("trailguard.".length()), v));
        }
        return deployment;
    }

    /** Appends a line; a log that cannot be written is told, and the call goes on: it is a diagnostic, not a decision. */
    protected void write(Path to, String line) {
        synchronized (AwsCallLog.class) {
            try {
                if (to.getParent() != null) {
                    Files.createDirectories(to.getParent());
                }
                Files.writeString(to, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                LOG.warnf("AWS call log: cannot write %s (%s)", to, e.getClass().getSimpleName());
            }
        }
    }

    private static Optional<String> setting(String key) {
        try {
            Config config = ConfigProvider.getConfig();
            return config.getOptionalValue(key, String.class).filter(v -> !v.isBlank());
        } catch (IllegalStateException | IllegalArgumentException noConfig) {
            return Optional.empty();
        }
    }
}
