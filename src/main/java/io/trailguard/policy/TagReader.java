package io.trailguard.policy;

import java.util.List;
import java.util.Map;

/** Reads a live resource's tags, for the exemption tag. One implementation per AWS service. */
public interface TagReader {

    boolean reads(String resourceType);

    /** The IAM actions {@link #tags} calls for a resource of that type: the grants of a policy naming it. */
    List<String> iamActions(String resourceType);

    /** The resource's tags; empty when it has none. */
    Map<String, String> tags(ResourceRef resource);
}
