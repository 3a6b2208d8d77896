package io.trailguard.policy;

public enum Severity {
    INFO,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    /** One step down, INFO staying INFO: the severity of an attempt that failed. */
    public Severity lower() {
        return this == INFO ? INFO : values()[ordinal() - 1];
    }
}
