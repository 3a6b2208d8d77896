package io.trailguard.notify;

/**
 * SSM Parameter Store's GetParameter with decryption, made in remediation/ (signed with the function's credentials and
 * written to the AWS call log like every other call), for the webhook URL here and the rules parameter in rules/.
 */
public interface SecureParameters {

    /**
     * The parameter's value, decrypted if a SecureString; an AWS error answer (ParameterNotFound, AccessDeniedException)
     * is thrown as the SDK's {@code AwsServiceException} with its code, a failure to reach SSM as an {@code SdkClientException}.
     */
    String value(String name);
}
