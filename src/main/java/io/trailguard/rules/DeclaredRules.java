package io.trailguard.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.trailguard.notify.SecureParameters;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Policy;
import io.trailguard.remediation.ActionLibrary;
import io.trailguard.remediation.S3Objects;

/**
 * The declarative rules of this function, read once at start-up from each source in turn (bundled, files, inline, SSM, S3)
 * and checked against the action library; any invalid rule stops the function with every problem told.
 */
@ApplicationScoped
public class DeclaredRules {

    private static final Logger LOG = Logger.getLogger(DeclaredRules.class);

    private final List<DeclaredRule> rules;

    @Inject
    public DeclaredRules(RulesConfig config, Config properties, ActionLibrary library, Instance<SecureParameters> ssm, Instance<S3Objects> s3) {
        // a client is built only when its source is configured: no cold-start cost otherwise
        this(sources(config, properties, ssm::get, s3::get), library.executors().keySet(),
                properties.getOptionalValue("trailguard.function", String.class).orElse(HandlerNames.ALL));
    }

    /** Over given sources and action names: the sample table's work without Quarkus. */
    public DeclaredRules(List<RuleSource> sources, Set<String> actionNames) {
        this(sources, actionNames, HandlerNames.ALL);
    }

    /** Over given sources and action names, in the binary of {@code function}: only that handler's rules (or every rule, for all). */
    public DeclaredRules(List<RuleSource> sources, Set<String> actionNames, String function) {
        List<String> problems = new ArrayList<>();
        List<DeclaredRule> read = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (RuleSource source : sources) {
            for (RuleText text : source.read()) {
                for (DeclaredRule rule : RuleReader.read(text, actionNames, function, problems)) {
                    if (names.add(rule.name())) {
                        read.add(rule);
                    } else {
                        problems.add("rule " + rule.name() + ", field name: another rule is already named " + rule.name() + " (" + text.origin() + ")");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRulesException(problems);
        }
        this.rules = List.copyOf(read);
        if (!rules.isEmpty()) {
            LOG.debugf("%d declarative rules loaded", rules.size());
        }
    }

    /** The sources in the order they are read: bundled, then {@code trailguard.rules.files}, then {@code trailguard.rules.inline}. */
    public static List<RuleSource> sources(RulesConfig config, Config properties) {
        String function = properties.getOptionalValue("trailguard.function", String.class).orElse(HandlerNames.ALL);
        return List.of(new BundledRules(function), new RuleFiles(config.files().orElse(List.of())), InlineRules.of(properties));
    }

    /** As {@link #sources(RulesConfig, Config)}, then the SSM parameter and the S3 object when they are configured. */
    public static List<RuleSource> sources(RulesConfig config, Config properties, Supplier<SecureParameters> ssm, Supplier<S3Objects> s3) {
        List<RuleSource> sources = new ArrayList<>(sources(config, properties));
        config.ssmParameter().ifPresent(name -> sources.add(new SsmParameterRules(ssm.get(), name)));
        config.s3Uri().ifPresent(uri -> sources.add(new S3ObjectRules(s3.get(), uri)));
        return sources;
    }

    /** The rules of these files and directories alone: what {@code validate-rules} checks and {@code --rules} adds. */
    public static List<DeclaredRule> fromFiles(List<String> paths, Set<String> actionNames) {
        return new DeclaredRules(List.of(new RuleFiles(paths)), actionNames).rules();
    }

    public List<DeclaredRule> rules() {
        return rules;
    }

    /** The rules, after checking that none takes the name of a Java policy: a name keys a policy's properties and EventBridge rule. */
    public List<Policy> besides(Collection<Policy> javaPolicies) {
        Set<String> taken = new HashSet<>();
        javaPolicies.forEach(p -> taken.add(p.name()));
        List<String> problems = rules.stream().filter(r -> taken.contains(r.name()))
                .map(r -> "rule " + r.name() + ", field name: a Java policy is already named " + r.name()).toList();
        if (!problems.isEmpty()) {
            throw new InvalidRulesException(problems);
        }
        return List.copyOf(rules);
    }
}
