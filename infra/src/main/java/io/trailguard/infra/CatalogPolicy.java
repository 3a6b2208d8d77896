package io.trailguard.infra;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One entry of the application's policy catalog (target/policy-catalog.json), as the app wrote it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogPolicy(
        String name,
        String description,
        String handler,
        Map<String, Object> pattern,
        List<String> sources,
        List<String> detailTypes,
        List<String> eventSources,
        List<String> eventNames,
        List<String> iamActions,
        String defaultMode,
        boolean readOnlyEvents,
        boolean globalService,
        String homeRegion,
        boolean alertsFromPattern,
        Map<String, Object> alertPattern) {

    /** Whether its rule belongs in this region: global-service events only reach EventBridge in their home region. */
    public boolean belongsIn(String region) {
        return homeRegion == null || homeRegion.equals(region);
    }
}
