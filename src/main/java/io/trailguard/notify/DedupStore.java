package io.trailguard.notify;

/**
 * Remembers which (policy, event) pairs were fully handled, so that a redelivered event (EventBridge and
 * Lambda both deliver at least once) does not alert twice. Keys expire after a TTL.
 */
public interface DedupStore {

    /** Records {@code key} as handled; false when it already was (a duplicate delivery). Atomic. */
    boolean markHandled(String key);

    /** Forgets {@code key}, so that a redelivery is handled again. */
    void forget(String key);
}
