package io.trailguard.policy;

import java.util.List;
import java.util.Optional;

import io.trailguard.event.TrailEvent;

/**
 * A detection and its remediation. Implementations are CDI beans; the registry discovers them, so adding
 * a policy is adding a bean (and, if it wants them, its properties under {@code trailguard.policies.<name>}).
 */
public interface Policy {

    /** Unique, kebab-case; the key of its properties and of its EventBridge rule. */
    String name();

    /** The {@code @Named} handler that runs it; one Lambda function per handler in {@code infra/}. */
    String handler();

    String description();

    /** The EventBridge event pattern (JSON) selecting the events this policy decides on. */
    String pattern();

    /**
     * The names of the actions its decisions may ask for ({@code s3.block-public-access}…): its IAM grants are
     * derived from their executors' permissions, never listed by hand.
     */
    List<String> actions();

    /**
     * The resource types ({@link ResourceRef}) its decisions name: the exemption tag is read from them, so
     * their tag readers' IAM actions are part of its grants. Empty when its findings name no taggable resource.
     */
    List<String> resourceTypes();

    /** Its mode when no property sets one: enforce only where the remediation is safe to automate. */
    Mode defaultMode();

    /**
     * Whether it needs read-only (Get/List/Describe) management events too: their EventBridge rule must then
     * be in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS. Few policies do.
     */
    default boolean readOnlyEvents() {
        return false;
    }

    /**
     * Whether every successful call its pattern matches is a finding, so that deployed alert-only it needs no
     * function: its EventBridge rule can publish to the alert topic directly (no exemptions, no tag check then).
     */
    default boolean alertsFromPattern() {
        return false;
    }

    /**
     * Its default for the failed calls its pattern matches ({@code trailguard.policies.<name>.failed-calls}): skipped, or
     * alerted as attempts where a refused call is itself a sign of an attack (tampering, persistence, exposure probing).
     */
    default FailedCalls failedCalls() {
        return FailedCalls.SKIP;
    }

    /**
     * Its own settings under {@code trailguard.policies.<name>.}, besides {@link CommonSettings}: start-up fails on
     * a key that neither declares, and on a value that does not fit its setting's type.
     */
    default List<Setting<?>> settings() {
        return List.of();
    }

    /**
     * Whether it decides on failed calls ({@code errorCode} present) as on any other, which the registry otherwise
     * skips or decides as attempts: for a policy about who calls, not what changed, a refused call is a finding as
     * well, at full severity. Not an attempt ({@link #failedCalls()}): a change that did not happen, one severity lower.
     */
    default boolean decidesFailedCalls() {
        return false;
    }

    /** Decides from the event alone (no AWS calls): a finding with its action specs, or why it is none. */
    Decision decide(TrailEvent event);

    /**
     * The MITRE ATT&CK technique ids its findings are evidence of ({@code T1562.008}); alerts, audit lines and
     * Security Hub findings carry them.
     */
    default List<String> attackTechniques() {
        return List.of();
    }

    /** Where a responder reads what to do about its findings; carried by alerts next to the finding. */
    default Optional<String> runbook() {
        return Optional.empty();
    }

    /**
     * When one matching event is not yet a finding: N of them within a window, per principal, resource or account.
     * Empty for a policy whose every matching event is a finding.
     */
    default Optional<Threshold> threshold() {
        return Optional.empty();
    }

    /**
     * Its own brake on remediation, besides the function's: empty means only the function-wide limit and the
     * {@code trailguard.policies.<name>.rate-limit.*} properties apply.
     */
    default Optional<RateLimit> rateLimit() {
        return Optional.empty();
    }

    /** Exemptions it carries itself (a rule's {@code exemptions:}); its {@code exemptions.*} properties and the global ones add to them. */
    default Exemptions exemptions() {
        return Exemptions.NONE;
    }

    /** The alert targets it limits itself to (a rule's {@code alert-targets:}); its {@code alert-targets} property wins. Empty: all. */
    default List<String> alertTargets() {
        return List.of();
    }

    /**
     * The ASFF finding types of its Security Hub findings ({@code namespace/category/classifier}, e.g.
     * {@code TTPs/Defense Evasion}); a policy whose findings are better classified overrides it.
     */
    default List<String> findingTypes() {
        return List.of("Software and Configuration Checks/AWS Security Best Practices");
    }
}
