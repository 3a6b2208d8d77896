package io.trailguard.remediation;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.trailguard.policy.Glob;
import io.trailguard.policy.TrailguardConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The credentials of the signed calls that read or change resources: the function's own, unless a decision about another account's
 * event is being carried out ({@link #actingIn}), then those of that account's remediation role, assumed once
 * and cached until shortly before they expire ({@link AssumedRoleCredentials}). STS is called with signed query calls,
 * as SNS is: no STS client (and its XML stack) in the binaries.
 */
@ApplicationScoped
public class AccountCredentials implements AwsCredentialsProvider {

    private static final Logger LOG = Logger.getLogger(AccountCredentials.class);

    private final AwsClientConfig clients;
    private final CrossAccountConfig crossAccount;
    private final AwsCredentialsProvider own;
    private final ThreadLocal<String> current = new ThreadLocal<>();
    private final Map<String, AssumedRoleCredentials> assumed = new ConcurrentHashMap<>();
    private volatile SignedQueryCall sts;
    private volatile String ownAccount;

    public AccountCredentials(AwsClientConfig clients, CrossAccountConfig crossAccount, TrailguardConfig config) {
        this.clients = clients;
        this.crossAccount = crossAccount;
        this.own = clients.accessKeyId().isPresent() && clients.secretAccessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(clients.accessKeyId().get(), clients.secretAccessKey().get()))
                : DefaultCredentialsProvider.builder().build();
        this.ownAccount = crossAccount.ownAccount().orElse(null);
        crossAccount.roleName().ifPresent(role -> {
            String session = "arn:aws:sts::000000000000:assumed-role/" + role + "/" + crossAccount.sessionName();
            if (!Glob.of(config.selfPrincipals()).matches(session)) {
                LOG.warnf("the remediation session %s does not match trailguard.self-principals: events trailguard causes in "
                        + "member accounts would not be recognised as its own", session);
            }
        });
    }

    /** Runs {@code work} with the credentials of {@code account} (the function's own if it is its own account). */
    public <T> T actingIn(String account, Supplier<T> work) {
        String previous = current.get();
        current.set(account);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                current.remove();
            } else {
                current.set(previous);
            }
        }
    }

    @Override
    public AwsCredentials resolveCredentials() {
        String account = current.get();
        if (account == null || crossAccount.roleName().isEmpty() || account.equals(ownAccount())) {
            return own.resolveCredentials();
        }
        return assumed.computeIfAbsent(account, this::assume).resolveCredentials();
    }

    /** The function's own credentials, whatever decision is being carried out (alerts, STS itself). */
    public AwsCredentialsProvider own() {
        return own;
    }

    private AssumedRoleCredentials assume(String account) {
        String roleArn = "arn:" + partition() + ":iam::" + account + ":role/" + crossAccount.roleName().orElseThrow();
        return new AssumedRoleCredentials(sts(), roleArn, crossAccount.sessionName(), crossAccount.sessionSeconds(),
                crossAccount.externalId().orElse(null), Clock.systemUTC());
    }

    /** The account of the function's own credentials: configured (trailguard.cross-account.own-account), else asked of STS once. */
    public String ownAccount() {
        if (ownAccount == null) {
            String account = SignedQueryCall.text(sts().call("GetCallerIdentity", Map.of()), "Account");
            if (account == null) {
                throw SdkClientException.create("sts GetCallerIdentity: the answer names no account");
            }
            ownAccount = account;
        }
        return ownAccount;
    }

    /** STS's API (2011-06-15) in the function's region, signed with the function's own credentials. */
    private SignedQueryCall sts() {
        if (sts == null) {
            synchronized (this) {
                if (sts == null) {
                    sts = SignedQueryCall.of("sts", "2011-06-15", clients, own);
                }
            }
        }
        return sts;
    }

    private Region region() {
        return clients.region().map(Region::of).orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion());
    }

    private String partition() {
        String region = region().id();
        return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    @PreDestroy
    void close() {
        if (sts != null) {
            sts.close();
        }
    }
}
