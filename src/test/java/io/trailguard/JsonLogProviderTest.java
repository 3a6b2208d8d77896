package io.trailguard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.spi.JsonProvider;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JSON log formatter's JSON-P provider is named before it asks, so that JSON-P reads no service file to find it. */
class JsonLogProviderTest {

    @AfterEach
    void clear() {
        System.clearProperty(Main.JSON_PROVIDER);
    }

    @Test
    void theNamedProviderIsTheOneTheClassPathWouldGive() {
        JsonProvider found = JsonProvider.provider(); // no property: JSON-P's own search of the service files

        Main.jsonLogProvider();

        assertEquals(Main.PARSSON, System.getProperty(Main.JSON_PROVIDER));
        assertEquals(found.getClass(), JsonProvider.provider().getClass());
    }

    @Test
    void aProviderNamedByTheUserStays() {
        System.setProperty(Main.JSON_PROVIDER, "com.example.OtherProvider");

        Main.jsonLogProvider();

        assertEquals("com.example.OtherProvider", System.getProperty(Main.JSON_PROVIDER));
    }
}
