package io.trailguard.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.Startup;
import io.trailguard.event.ParsedEvent;
import io.trailguard.event.TrailEvent;
import io.trailguard.event.UserIdentity;
import io.trailguard.policy.ConfiguredPolicy;
import io.trailguard.policy.ConfigurationCheck;
import io.trailguard.policy.Decision;
import io.trailguard.policy.FailedCalls;
import io.trailguard.policy.Glob;
import io.trailguard.policy.HandlerNames;
import io.trailguard.policy.Mode;
import io.trailguard.policy.Policy;
import io.trailguard.policy.Threshold;
import io.trailguard.policy.TrailguardConfig;
import io.trailguard.policy.Verdict;
import io.trailguard.rules.CheckedPattern;
import io.trailguard.rules.DeclaredRule;
import io.trailguard.rules.DeclaredRules;
import io.trailguard.rules.InvalidRulesException;

/**
 * Every policy bean, configured, with the patterns of the enabled ones compiled once into one event-ruler
 * machine ({@link LazyPatterns} of a {@link PatternMatcher}). {@link #evaluate} matches an event against it and asks only the matching policies to
 * decide, after the safety rules that hold for every policy: failed calls (skipped, or decided as attempts),
 * trailguard's own calls, exempt callers and accounts, exempt resources, replays; a policy with a threshold then
 * counts its matching decisions ({@link Thresholds}).
 */
@ApplicationScoped
@Startup // configuration errors fail start-up, not the first event
public class PolicyRegistry {

    /** The handler name that runs every policy (local runs, single-function deployments). */
    public static final String ALL = HandlerNames.ALL;

    private static final Logger LOG = Logger.getLogger(PolicyRegistry.class);

    private final TrailguardConfig config;
    private final Config properties;
    private final Map<String, ConfiguredPolicy> policies;
    private final LazyPatterns matcher;
    private final PatternIndex candidates = new PatternIndex();
    private final Glob selfPrincipals;
    private final CounterStore counts;
    /** Where threshold events are counted while the shared store is out of reach. */
    private final InMemoryCounterStore fallbackCounts = new InMemoryCounterStore();

    @Inject
    public PolicyRegistry(@Any Instance<Policy> beans, DeclaredRules rules, TrailguardConfig config, Config properties,
            CounterStore counts) {
        // each policy called directly, not through its client proxy: several calls per verdict each looked the bean up
        this(withRules(beans.stream().map(ClientProxy::unwrap).toList(), rules), config, properties, counts);
    }

    /** The Java policies and the declarative rules, one list: a rule compiles into the same machine and is run the same way. */
    public static List<Policy> withRules(List<Policy> javaPolicies, DeclaredRules rules) {
        List<Policy> all = new ArrayList<>(javaPolicies);
        all.addAll(rules.besides(javaPolicies));
        return all;
    }

    /** Over the given policies, counting thresholds in memory. */
    public PolicyRegistry(List<Policy> policies, TrailguardConfig config, Config properties) {
        this(policies, config, properties, new InMemoryCounterStore());
    }

    /** Over the given policies: what CDI builds from every Policy bean, and the sample table without Quarkus. */
    public PolicyRegistry(List<Policy> policies, TrailguardConfig config, Config properties, CounterStore counts) {
        this.config = config;
        this.properties = properties;
        this.counts = counts;
        this.selfPrincipals = Glob.of(config.selfPrincipals());
        Map<String, ConfiguredPolicy> byName = new LinkedHashMap<>();
        LazyPatterns compiled = new LazyPatterns();
        List<Policy> sorted = new ArrayList<>(policies);
        sorted.sort((a, b) -> a.name().compareTo(b.name()));
        // before any policy is configured, so that every unknown key and bad value is told at once
        ConfigurationCheck.verify(sorted, properties);
        for (Policy policy : sorted) {
            if (byName.containsKey(policy.name())) {
                throw new IllegalStateException("two policies are named " + policy.name());
            }
            ConfiguredPolicy configured = ConfiguredPolicy.of(policy, config, properties);
            byName.put(policy.name(), configured);
            if (configured.mode() == Mode.OFF) {
                continue;
            }
            try {
                // a declared rule's pattern was parsed and compiled when it was read and checked
                CheckedPattern checked = policy instanceof DeclaredRule rule ? rule.checkedPattern() : null;
                JsonNode pattern = checked != null ? checked.tree() : PatternIndex.tree(policy.pattern());
                compiled.add(policy.name(), policy.pattern(), pattern, checked != null ? checked.subRules() : null, checked != null);
                candidates.add(pattern);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("policy " + policy.name() + " has an invalid event pattern: " + e.getMessage(), e);
            }
        }
        this.policies = Collections.unmodifiableMap(byName);
        this.matcher = compiled;
    }

    /**
     * This registry with candidate rules added, for {@code replay --rules} and {@code catalog --rules}: a candidate
     * replaces the declarative rule of its name (a rule being tuned), but never a Java policy.
     */
    public PolicyRegistry withCandidates(List<DeclaredRule> candidates) {
        Map<String, Policy> all = new LinkedHashMap<>();
        policies.values().forEach(p -> all.put(p.name(), p.policy()));
        List<String> problems = new ArrayList<>();
        for (DeclaredRule candidate : candidates) {
            Policy loaded = all.get(candidate.name());
            if (loaded != null && !(loaded instanceof DeclaredRule)) {
                problems.add("rule " + candidate.name() + ", field name: a Java policy is already named " + candidate.name());
            }
            all.put(candidate.name(), candidate);
        }
        if (!problems.isEmpty()) {
            throw new InvalidRulesException(problems);
        }
        return new PolicyRegistry(List.copyOf(all.values()), config, properties, counts);
    }

    /** Every policy bean, enabled or not, by name. */
    public Map<String, ConfiguredPolicy> policies() {
        return policies;
    }

    /** The verdicts of the enabled policies of {@code handler} (or of all, for {@link #ALL}) whose pattern matches. */
    public List<Verdict> evaluate(ParsedEvent parsed, String handler) {
        return evaluate(parsed, handler, counts);
    }

    /**
     * As {@link #evaluate(ParsedEvent, String)}, counting thresholds in {@code counts}: a replay counts in its own
     * memory, never in the function's shared store.
     */
    public List<Verdict> evaluate(ParsedEvent parsed, String handler, CounterStore counts) {
        return evaluate(parsed, matching(parsed), handler, counts);
    }

    /**
     * The names of the enabled policies whose pattern matches the event, of every handler; the model is not
     * bound for this. Safe to call from several threads at once.
     */
    public List<String> matching(ParsedEvent parsed) {
        // most calls of a real trail are ones no pattern looks at: a few lookups tell them, without event-ruler
        return candidates.mayMatch(parsed.tree()) ? matcher.rulesFor(parsed.tree()) : List.of();
    }

    /** As {@link #evaluate(ParsedEvent, String, CounterStore)}, for the policies {@link #matching} found. */
    public List<Verdict> evaluate(ParsedEvent parsed, List<String> matched, String handler, CounterStore counts) {
        if (matched.isEmpty()) {
            return List.of();
        }
        TrailEvent event = parsed.event();
        UserIdentity caller = event.caller();
        // the same for every policy the event matches: its globs are matched once per event, not once per policy
        boolean byTrailguard = caller != null && (selfPrincipals.matches(caller.arn()) || selfPrincipals.matches(caller.issuerArn()));
        List<Verdict> verdicts = new ArrayList<>(matched.size());
        for (String name : sortedDistinct(matched)) {
            ConfiguredPolicy policy = policies.get(name);
            if (ALL.equals(handler) || policy.policy().handler().equals(handler)) {
                verdicts.add(verdict(policy, event, byTrailguard, counts));
            }
        }
        return verdicts;
    }

    /** The names in order, once each: event-ruler gives them in no set order; one or two need no sorting. */
    private static List<String> sortedDistinct(List<String> names) {
        if (names.size() == 1) {
            return names;
        }
        if (names.size() == 2) {
            int order = names.get(0).compareTo(names.get(1));
            return order == 0 ? List.of(names.get(0)) : order < 0 ? names : List.of(names.get(1), names.get(0));
        }
        // sorted, then each name once: a stream's distinct() kept a hash set of them, and an event with the rules matches 3 or more often
        String[] sorted = names.toArray(String[]::new);
        java.util.Arrays.sort(sorted);
        List<String> distinct = new ArrayList<>(sorted.length);
        for (String name : sorted) {
            if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(name)) {
                distinct.add(name);
            }
        }
        return distinct;
    }

    private Verdict verdict(ConfiguredPolicy policy, TrailEvent event, boolean byTrailguard, CounterStore counts) {
        Mode mode = event.isReplay() ? policy.mode().cappedBy(config.replayMode()) : policy.mode();
        UserIdentity caller = event.caller();
        // a policy about who calls finds a failed call like any other; the others skip it or decide it as an attempt
        boolean attempt = event.detail().failed() && !policy.policy().decidesFailedCalls();
        if (attempt && policy.failedCalls() == FailedCalls.SKIP) {
            return Verdict.skip(policy, mode, "failed call (errorCode " + event.detail().errorCode() + "), failed-calls skip");
        }
        if (byTrailguard) {
            return Verdict.skip(policy, mode, "caused by trailguard's own principal");
        }
        if (policy.exempts(caller)) {
            return Verdict.skip(policy, mode, "exempt principal");
        }
        String account = caller != null && caller.accountId() != null ? caller.accountId() : event.account();
        if (account != null && (policy.exemptAccounts().contains(account)
                || (event.account() != null && policy.exemptAccounts().contains(event.account())))) {
            return Verdict.skip(policy, mode, "exempt account " + account);
        }
        Decision decision;
        try {
            decision = policy.policy().decide(event);
        } catch (RuntimeException e) {
            // a policy must not crash the runtime loop on an odd event; it is skipped, never remediated
            LOG.warnf(e, "policy %s could not decide on event %s", policy.name(), event.eventId());
            return Verdict.skip(policy, mode, "undecidable event: " + e.getClass().getSimpleName());
        }
        String exempt = decision.matched() && decision.resource() != null && policy.exemptResources().matches(decision.resource().id())
                ? "exempt resource " + decision.resource().id() : null;
        Optional<Threshold> threshold = policy.policy().threshold();
        if (decision.matched() && exempt == null && threshold.isPresent()) {
            decision = Thresholds.count(policy.name(), threshold.get(), decision, event, counts, fallbackCounts);
        }
        if (attempt) {
            // nothing changed: alerted as an attempt, never remediated
            return Verdict.attempt(policy, decision, mode, event.detail().errorCode(), exempt);
        }
        return new Verdict(policy, decision, mode, exempt);
    }
}
