package io.trailguard.notify;

/**
 * Firehose's PutRecord, made in remediation/ (signed with the function's credentials and written to the AWS call log
 * like every other call), so that the audit sink stays a plain user of it.
 */
public interface DeliveryStreams {

    /** Puts one record of {@code data} on the delivery stream; an error is thrown as the SDK's exceptions are. */
    void putRecord(String deliveryStream, byte[] data);
}
