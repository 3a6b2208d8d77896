package io.trailguard.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import io.quarkus.test.junit.QuarkusTest;
import io.trailguard.policy.HandlerNames;
import io.trailguard.engine.PolicyRegistry;

/** Handler beans and the policies' handler() agree: no policy is left without a function, no function without a policy. */
@QuarkusTest
class HandlerBeansTest {

    @Inject
    BeanManager beans;
    @Inject
    PolicyRegistry registry;

    @Test
    void everyHandlerBeanRunsPoliciesAndEveryPolicysHandlerHasABean() {
        Map<String, InterceptionHandler> byName = new TreeMap<>();
        for (Bean<?> bean : beans.getBeans(RequestStreamHandler.class, Any.Literal.INSTANCE)) {
            InterceptionHandler handler = (InterceptionHandler) beans.getReference(bean, RequestStreamHandler.class,
                    beans.createCreationalContext(bean));
            byName.put(bean.getName(), handler);
        }
        Set<String> expected = new TreeSet<>(HandlerNames.POLICY_HANDLERS);
        expected.add(HandlerNames.ALL);
        assertEquals(expected, byName.keySet(), "handler beans");
        // a bean's @Named and the policies it runs must be the same name, or it would silently run none
        byName.forEach((name, handler) -> assertEquals(name, handler.policies(), handler.getClass().getName()));

        Set<String> named = new TreeSet<>();
        registry.policies().values().forEach(p -> {
            assertTrue(HandlerNames.POLICY_HANDLERS.contains(p.policy().handler()), p.name() + " names handler " + p.policy().handler()
                    + ", which no bean has");
            named.add(p.policy().handler());
        });
        assertEquals(new TreeSet<>(HandlerNames.POLICY_HANDLERS), named, "every policy handler runs at least one policy");
    }
}
