package io.trailguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JSON log's host and process names in Lambda: given, not looked up; left alone outside Lambda or when set. */
class LambdaLogNamesTest {

    static final List<String> NAMES = List.of("jboss.qualified.host.name", "jboss.host.name", "jboss.process.name");

    @AfterEach
    void clear() {
        NAMES.forEach(System::clearProperty);
    }

    @Test
    void inLambdaTheLogStreamAndFunctionNameThem() {
        Main.lambdaLogNames(Map.of("AWS_LAMBDA_FUNCTION_NAME", "trailguard-s3",
                "AWS_LAMBDA_LOG_STREAM_NAME", "2026/12/02/[$LATEST]8f0e2c41d9a24c7f"));

        assertEquals("2026/12/02/[$LATEST]8f0e2c41d9a24c7f", System.getProperty("jboss.qualified.host.name"));
        assertEquals("2026/12/02/[$LATEST]8f0e2c41d9a24c7f", System.getProperty("jboss.host.name"));
        assertEquals("trailguard-s3", System.getProperty("jboss.process.name"));
    }

    @Test
    void withoutALogStreamTheFunctionNamesTheHost() {
        Main.lambdaLogNames(Map.of("AWS_LAMBDA_FUNCTION_NAME", "trailguard-bench"));

        assertEquals("trailguard-bench", System.getProperty("jboss.qualified.host.name"));
        assertEquals("trailguard-bench", System.getProperty("jboss.process.name"));
    }

    @Test
    void outsideLambdaNothingIsSet() {
        Main.lambdaLogNames(Map.of("HOME", "/root"));

        NAMES.forEach(name -> assertNull(System.getProperty(name), name));
    }

    @Test
    void aNameSetByTheUserStays() {
        System.setProperty("jboss.host.name", "chosen");

        Main.lambdaLogNames(Map.of("AWS_LAMBDA_FUNCTION_NAME", "trailguard-s3"));

        assertEquals("chosen", System.getProperty("jboss.host.name"));
        assertEquals("trailguard-s3", System.getProperty("jboss.qualified.host.name"));
    }
}
