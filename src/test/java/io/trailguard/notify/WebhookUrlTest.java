package io.trailguard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The webhook URL is https unless http is explicitly allowed, and a refused URL is never quoted back. */
class WebhookUrlTest {

    static final String SECRET = "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";

    @Test
    void httpsIsTaken() {
        assertEquals("https://hooks.example.com/services/" + SECRET, url("https://hooks.example.com/services/" + SECRET, false).get().toString());
    }

    @Test
    void plainHttpIsRefusedUnlessAllowed() {
        String http = "http://hooks.example.com/services/" + SECRET;
        WebhookException refused = assertThrows(WebhookException.class, () -> url(http, false).get());
        assertTrue(refused.getMessage().contains("must use https"), refused.getMessage());
        assertFalse(refused.getMessage().contains(SECRET));
        assertEquals(http, url(http, true).get().toString());
    }

    @Test
    void otherSchemesAndBadUrisAreRefusedWithoutQuotingThem() {
        for (String bad : new String[] { "ftp://hooks.example.com/" + SECRET, "https:///" + SECRET, "https://hooks.example.com/ " + SECRET + "|" }) {
            WebhookException refused = assertThrows(WebhookException.class, () -> url(bad, true).get(), bad);
            assertFalse(refused.getMessage().contains(SECRET), refused.getMessage());
        }
    }

    @Test
    void unsetMeansNotConfigured() {
        assertFalse(url(null, false).configured());
        assertTrue(url("https://hooks.example.com/x", false).configured());
    }

    private static WebhookUrl url(String url, boolean allowHttp) {
        Map<String, String> properties = new HashMap<>();
        if (url != null) {
            properties.put("trailguard.alerts.webhook.url", url);
        }
        properties.put("trailguard.alerts.webhook.allow-http", String.valueOf(allowHttp));
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(AlertsConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 250)).build();
        return new WebhookUrl(config.getConfigMapping(AlertsConfig.class), null);
    }
}
