package io.trailguard;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.trailguard.replay.FunctionInvoker;

/**
 * The tests' function: moto runs no Lambda, so redrive's events go through the function under test, in this
 * process, via Quarkus's mock event server (as the Lambda runtime API would hand them over), whatever its name.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class InProcessInvoker implements FunctionInvoker {

    @Override
    public Invocation invoke(String function, String event) {
        ExtractableResponse<Response> response = Lambda.invoke(event).extract();
        if (response.statusCode() == 200) {
            return new Invocation(null);
        }
        return new Invocation("Unhandled: " + response.jsonPath().getString("errorMessage"));
    }
}
