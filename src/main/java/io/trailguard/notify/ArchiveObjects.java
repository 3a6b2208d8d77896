package io.trailguard.notify;

/** Writes an object of the S3 audit archive, with the function's own credentials (remediation/S3Objects). */
public interface ArchiveObjects {

    /** Writes {@code content} (UTF-8) as the object {@code key} of {@code bucket}. */
    void put(String bucket, String key, String content, String contentType);
}
