package io.trailguard.policy;

import java.util.Map;

/** Reads a live resource's tags, for the exemption tag. One implementation per AWS service. */
public interface TagReader {

    boolean reads(String resourceType);

    /** The resource's tags; empty when it has none. */
    Map<String, String> tags(ResourceRef resource);
}
