package io.trailguard.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The webhook URL from {@code trailguard.alerts.webhook.url} (or its environment variable), else from an SSM
 * SecureString parameter read once with decryption and kept for the life of the function instance. Only
 * https unless http is explicitly allowed. Neither the URL nor anything derived from it is ever logged.
 */
@ApplicationScoped
public class WebhookUrl {

    private final AlertsConfig.Webhook config;
    private final SecureParameters ssm;
    private volatile URI cached;

    public WebhookUrl(AlertsConfig config, SecureParameters ssm) {
        this.config = config.webhook();
        this.ssm = ssm;
    }

    public boolean configured() {
        return direct().isPresent() || parameter().isPresent();
    }

    /** The URL, validated; throws {@link WebhookException} (without the URL) when it cannot be had. */
    public URI get() {
        URI url = cached;
        if (url == null) {
            synchronized (this) {
                if (cached == null) {
                    // a failed read is not cached: the next alert tries again
                    cached = validated(direct().orElseGet(this::fromSsm));
                }
                url = cached;
            }
        }
        return url;
    }

    private String fromSsm() {
        String name = parameter().orElseThrow(() -> new WebhookException("no webhook URL configured"));
        try {
            String value = ssm.value(name);
            if (value == null || value.isBlank()) {
                throw new WebhookException("SSM parameter " + name + " is empty");
            }
            return value;
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
            throw new WebhookException("could not read SSM parameter " + name + ": " + code);
        }
    }

    private URI validated(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new WebhookException("the webhook URL is not a valid URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new WebhookException("the webhook URL must be an https:// URL with a host");
        }
        if (scheme.equals("http") && !config.allowHttp()) {
            throw new WebhookException("the webhook URL must use https (trailguard.alerts.webhook.allow-http=true allows http, for local tests)");
        }
        return uri;
    }

    private Optional<String> direct() {
        return config.url().filter(u -> !u.isBlank());
    }

    private Optional<String> parameter() {
        return config.urlSsmParameter().filter(p -> !p.isBlank());
    }
}
