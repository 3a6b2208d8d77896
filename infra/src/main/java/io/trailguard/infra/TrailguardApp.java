package io.trailguard.infra;

import java.nio.file.Path;

import software.amazon.awscdk.App;
import software.amazon.awscdk.DefaultStackSynthesizer;
import software.amazon.awscdk.DefaultStackSynthesizerProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: {@code cdk deploy} from {@code infra/}. One account: {@code trailguard-<region>} per region.
 * Organization: {@code trailguard-central-<region>} in the security account, {@code trailguard-member} as a StackSet.
 */
public final class TrailguardApp {

    private TrailguardApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    static void build(App app) {
        Settings settings = Settings.from(app.getNode());
        Catalog catalog = Catalog.read(Path.of(settings.catalog()));
        for (String name : settings.modes().keySet()) {
            if (catalog.policies().stream().noneMatch(p -> p.name().equals(name))) {
                throw new IllegalArgumentException("context modes names " + name + ", which is no policy of the catalog");
            }
        }
        for (String region : settings.regions()) {
            StackProps props = StackProps.builder().env(Environment.builder().account(settings.account().orElse(null))
                    .region(region).build()).description("trailguard: CloudTrail API-call interception and remediation").build();
            if ("organization".equals(settings.deployment())) {
                new OrganizationStack(app, "trailguard-central-" + region, props, catalog, settings, region);
            } else {
                new InterceptionStack(app, "trailguard-" + region, props, catalog, settings, region);
            }
        }
        if ("organization".equals(settings.deployment())) {
            // a StackSet template: no bootstrap version check, no assets, no fixed account or region
            new MemberStack(app, "trailguard-member", StackProps.builder()
                    .description("trailguard member account: event forwarding and the remediation role")
                    .synthesizer(new DefaultStackSynthesizer(DefaultStackSynthesizerProps.builder()
                            .generateBootstrapVersionRule(false).build())).build(), catalog, settings);
        }
    }
}
