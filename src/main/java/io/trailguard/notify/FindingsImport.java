package io.trailguard.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Security Hub's BatchImportFindings, made in remediation/ (signed with the function's credentials and written to the
 * AWS call log like every other call), so that the alert target stays a plain user of it.
 */
public interface FindingsImport {

    /** The region of the hub the findings go to: the function's. */
    String region();

    /** Imports the findings (ASFF JSON, {@link AsffFinding}); the answer's JSON: FailedCount, FailedFindings. */
    JsonNode batchImportFindings(ObjectNode... findings);
}
