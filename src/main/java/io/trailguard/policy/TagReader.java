package io.trailguard.policy;

import java.util.List;
import java.util.Map;

/** Reads a live resource's tags, for the exemption tag. One implementation per AWS service. */
public interface TagReader {

    boolean reads(String resourceType);

    /** The IAM actions {@link #tags} calls for a resource of that type: the grants of a policy naming it. */
    List<String> iamActions(String resourceType);

    /**
     * Null when the resource's id is one the service's API would accept; else why not, and {@link #tags} must not be
     * called: a decision keeps the raw id of an invalid identifier (it fails closed), which must never reach a request.
     */
    String refusal(ResourceRef resource);

    /** The resource's tags; empty when it has none. Only for a resource {@link #refusal} accepts. */
    Map<String, String> tags(ResourceRef resource);
}
