package io.trailguard.remediation;

import io.trailguard.policy.Remediation;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.StatusType;

/** Sets an access key Inactive (reversible, unlike deleting it). */
public record DeactivateAccessKey(IamClient iam, String userName, String accessKeyId) implements Remediation {

    @Override
    public String action() {
        return "iam:UpdateAccessKey";
    }

    @Override
    public String target() {
        return "access key " + accessKeyId + " of user " + userName;
    }

    @Override
    public boolean needed() {
        return iam.listAccessKeys(b -> b.userName(userName)).accessKeyMetadata().stream()
                .anyMatch(k -> accessKeyId.equals(k.accessKeyId()) && k.status() == StatusType.ACTIVE);
    }

    @Override
    public void apply() {
        iam.updateAccessKey(b -> b.userName(userName).accessKeyId(accessKeyId).status(StatusType.INACTIVE));
    }
}
