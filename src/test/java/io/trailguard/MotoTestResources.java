package io.trailguard;

import io.quarkus.test.common.QuarkusTestResource;

/** Every @QuarkusTest runs against one moto_server (see {@link MotoServer}). */
@QuarkusTestResource(MotoServer.class)
public class MotoTestResources {
}
