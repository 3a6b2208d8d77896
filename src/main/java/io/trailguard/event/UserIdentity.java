package io.trailguard.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** CloudTrail's {@code userIdentity}: who made the call. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserIdentity(
        String type,
        String principalId,
        String arn,
        String accountId,
        String accessKeyId,
        String userName,
        String invokedBy,
        SessionContext sessionContext) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SessionContext(SessionIssuer sessionIssuer, Attributes attributes) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SessionIssuer(String type, String principalId, String arn, String accountId, String userName) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Attributes(String creationDate, String mfaAuthenticated) {
    }

    /** The ARN that stands for the caller: the role behind an assumed-role session, else the identity's own. */
    public String issuerArn() {
        if (sessionContext != null && sessionContext.sessionIssuer() != null && sessionContext.sessionIssuer().arn() != null) {
            return sessionContext.sessionIssuer().arn();
        }
        return arn;
    }

    public boolean mfaAuthenticated() {
        return sessionContext != null && sessionContext.attributes() != null
                && "true".equalsIgnoreCase(sessionContext.attributes().mfaAuthenticated());
    }
}
