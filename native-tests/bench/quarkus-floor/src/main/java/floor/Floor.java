package floor;

import java.util.Map;

import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/**
 * Reads the event into a map and answers as trailguard answers an event it decides nothing about; named "all" as
 * the benchmark starts every function with QUARKUS_LAMBDA_HANDLER=all.
 */
@Named("all")
public class Floor implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Map.of("status", "decided", "id", String.valueOf(event.get("id")));
    }
}
