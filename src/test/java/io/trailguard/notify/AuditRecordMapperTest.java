package io.trailguard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/**
 * In the application: its ObjectMapper, the one the audit log, the Lambda response, the sinks and replay write
 * with, uses {@link AuditRecordSerializer} and writes every record as its bean serializer would, whatever Quarkus
 * and its extensions configured on it (AuditRecordSerializerTest holds the same for other mappers).
 */
@QuarkusTest
class AuditRecordMapperTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void theApplicationsMapperWritesEveryRecordAsTheBeanSerializerWouldWithoutBuildingIt() throws Exception {
        assertInstanceOf(AuditRecordSerializer.class, mapper.getSerializerProviderInstance().findValueSerializer(AuditRecord.class));
        assertEquals(List.of(), AuditRecordSerializerTest.differences(mapper, AuditRecordSamples.all()));
    }
}
