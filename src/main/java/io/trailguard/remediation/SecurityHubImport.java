package io.trailguard.remediation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.trailguard.notify.FindingsImport;

/** Security Hub's BatchImportFindings (REST JSON, POST /findings/import) as a signed call, without the SDK's client. */
@ApplicationScoped
public class SecurityHubImport implements FindingsImport {

    private final SignedJsonCall call;

    public SecurityHubImport(AwsClientConfig config, AccountCredentials credentials) {
        this.call = SignedJsonCall.of("securityhub", config, credentials);
    }

    @Override
    public String region() {
        return call.region();
    }

    @Override
    public JsonNode batchImportFindings(ObjectNode... findings) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        List<String> products = new ArrayList<>();
        for (ObjectNode finding : findings) {
            body.withArray("Findings").add(finding);
            String product = finding.path("ProductArn").asText(null);
            if (product != null && !products.contains(product)) {
                products.add(product);
            }
        }
        return call.post("BatchImportFindings", "/findings/import", Map.of(), body, products);
    }

    @PreDestroy
    void close() {
        call.close();
    }
}
