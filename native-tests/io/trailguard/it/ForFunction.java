package io.trailguard.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import io.trailguard.policy.HandlerNames;

/**
 * The handler an IT exercises: it runs against the {@code all} binary and against that handler's own binary
 * ({@code -Dtrailguard.function=<handler>}, which failsafe passes on), and is skipped against another handler's,
 * which does not hold its policies. {@code @ForFunction(HandlerNames.ALL)} runs only against the {@code all} binary.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ForFunction.Condition.class)
public @interface ForFunction {

    String value();

    class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String built = System.getProperty("trailguard.function", HandlerNames.ALL);
            return AnnotationSupport.findAnnotation(context.getElement(), ForFunction.class)
                    .map(ForFunction::value)
                    .filter(wanted -> !built.equals(HandlerNames.ALL) && !built.equals(wanted))
                    .map(wanted -> ConditionEvaluationResult.disabled("the " + built + " binary does not hold the " + wanted + " handler's policies"))
                    .orElse(ConditionEvaluationResult.enabled("the " + built + " binary"));
        }
    }
}
