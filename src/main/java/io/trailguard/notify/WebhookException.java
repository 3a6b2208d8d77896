package io.trailguard.notify;

/** A webhook delivery that failed; its message never holds the URL, which may embed a secret token. */
public class WebhookException extends RuntimeException {

    public WebhookException(String message) {
        super(message, null, false, false);
    }
}
