package io.trailguard;

import static io.restassured.RestAssured.given;

import io.restassured.parsing.Parser;
import io.restassured.response.ValidatableResponse;

/** Invokes the function under test through Quarkus's mock Lambda event server, as the Lambda runtime API would. */
public final class Lambda {

    private Lambda() {
    }

    public static ValidatableResponse invoke(String event) {
        return given().contentType("application/json").accept("application/json").body(event).post().then()
                // the mock event server labels every response form-encoded; the body is the handler's JSON
                .parser("application/x-www-form-urlencoded", Parser.JSON);
    }
}
