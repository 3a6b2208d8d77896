package io.trailguard.event;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An EventBridge event whose detail is a CloudTrail record ("AWS API Call via CloudTrail" or "AWS Console
 * Sign In via CloudTrail"). {@code replay-name} is set by EventBridge on events replayed from an archive.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrailEvent(
        String version,
        String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        String account,
        String time,
        String region,
        List<String> resources,
        CloudTrailDetail detail,
        @JsonProperty("replay-name") String replayName) {

    public static final String API_CALL = "AWS API Call via CloudTrail";
    public static final String CONSOLE_SIGN_IN = "AWS Console Sign In via CloudTrail";

    public boolean isReplay() {
        return replayName != null && !replayName.isBlank();
    }

    /** CloudTrail's own event id when there is one (stable across redeliveries), else EventBridge's. */
    public String eventId() {
        return detail != null && detail.eventID() != null ? detail.eventID() : id;
    }

    public UserIdentity caller() {
        return detail == null ? null : detail.userIdentity();
    }
}
