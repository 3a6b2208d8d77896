package io.trailguard.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.trailguard.policy.CommonSettings;
import io.trailguard.policy.ConfiguredPolicy;
import io.trailguard.policy.PolicySettings;
import io.trailguard.policy.RateLimit;
import io.trailguard.policy.TrailguardConfig;

/**
 * The brakes on remediation: each policy's ({@code trailguard.policies.<name>.rate-limit.*}, else its
 * {@link io.trailguard.policy.Policy#rateLimit()}) and the function's ({@code trailguard.rate-limit.*}). Past its
 * limit a brake goes on: the policy (or every policy of the function) drops to alert, and stays there until
 * {@code reset-brakes}. Counted in the {@link CounterStore}, so every instance of the function sees one count.
 */
@ApplicationScoped
public class Brakes {

    /** Keeps brake items apart from the dedup table's event ids and from threshold counts. */
    static final String KEY_PREFIX = "brake#";

    private static final Logger LOG = Logger.getLogger(Brakes.class);

    private final TrailguardConfig config;
    private final Config properties;
    private final CounterStore store;
    /** Where actions are counted while the shared store is out of reach: each instance still brakes its own share. */
    private final InMemoryCounterStore fallback = new InMemoryCounterStore();

    public Brakes(TrailguardConfig config, Config properties, CounterStore store) {
        this.config = config;
        this.properties = properties;
        this.store = store;
    }

    /** What the brakes say about {@code actions} remediations of {@code policy} in the function of {@code handler}. */
    public Hold admit(ConfiguredPolicy policy, String handler, int actions) {
        long now = System.currentTimeMillis();
        Optional<RateLimit> own = limit(policy);
        if (own.isPresent()) {
            Hold hold = count(policyKey(policy.name()), "policy " + policy.name(), policy.name(), own.get(), actions, now);
            if (hold.on()) {
                return hold;
            }
        }
        TrailguardConfig.FunctionRateLimit function = config.rateLimit();
        if (!function.enabled()) {
            return Hold.NONE;
        }
        return count(functionKey(handler), "function " + handler, handler, new RateLimit(function.actions(), function.window()), actions, now);
    }

    /** The policy's own limit: its properties, else what it declares; none when neither sets one. */
    public Optional<RateLimit> limit(ConfiguredPolicy policy) {
        PolicySettings settings = PolicySettings.of(policy.name(), properties);
        Optional<Integer> actions = settings.find(CommonSettings.RATE_LIMIT_ACTIONS);
        Optional<Duration> window = settings.find(CommonSettings.RATE_LIMIT_WINDOW);
        Optional<RateLimit> declared = policy.policy().rateLimit();
        if (actions.isEmpty() && window.isEmpty()) {
            return declared;
        }
        // one property alone tunes the declared limit, or the function's when the policy declares none
        int count = actions.orElseGet(() -> declared.map(RateLimit::actions).orElse(config.rateLimit().actions()));
        Duration span = window.orElseGet(() -> declared.map(RateLimit::window).orElse(config.rateLimit().window()));
        return Optional.of(new RateLimit(count, span));
    }

    /** Takes off the brake of a policy or of a function (by handler name); true when it was on. */
    public boolean release(String name, boolean function) {
        return store.release(function ? functionKey(name) : policyKey(name));
    }

    private Hold count(String key, String what, String name, RateLimit limit, int actions, long now) {
        CounterStore.BrakeCount count;
        try {
            count = store.countActions(key, actions, now, limit.window(), limit.actions());
        } catch (RuntimeException e) {
            LOG.warnf("brake store unavailable, counting %s's actions in memory: %s", what, DecisionRunner.errorText(e));
            count = fallback.countActions(key, actions, now, limit.window(), limit.actions());
        }
        if (!count.on()) {
            return Hold.NONE;
        }
        String window = Thresholds.words(limit.window());
        if (count.trippedNow()) {
            LOG.warnf("brake tripped: %s passed %d remediations within %s; alert-only until reset-brakes %s", what, limit.actions(),
                    window, name);
            return new Hold("tripped: " + what + " passed " + limit.actions() + " remediations within " + window
                    + "; alert only until reset-brakes " + name, true);
        }
        return new Hold(what + " braked since " + Instant.ofEpochMilli(count.trippedAt()) + " (more than " + limit.actions()
                + " remediations within " + window + "); alert only until reset-brakes " + name, false);
    }

    static String policyKey(String policy) {
        return KEY_PREFIX + "policy#" + policy;
    }

    static String functionKey(String handler) {
        return KEY_PREFIX + "function#" + handler;
    }

    /** Why remediation is held (null: it is not), and whether this call tripped the brake (it alerts that, once). */
    public record Hold(String reason, boolean trippedNow) {

        public static final Hold NONE = new Hold(null, false);

        public boolean on() {
            return reason != null;
        }
    }
}
