package io.trailguard.rules;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Where declarative rules come from besides the bundled file (README "Writing a rule"). */
@ConfigMapping(prefix = "trailguard.rules")
public interface RulesConfig {

    /** Rules files, comma-separated; a directory stands for every *.yaml in it. */
    Optional<List<String>> files();

    /**
     * A rules file's YAML text itself ({@code TRAILGUARD_RULES_INLINE}): rules given in the function's environment. Not
     * mapped: its templates ({@code ${detail.x}}) are not config expressions, so {@link InlineRules} reads it unexpanded.
     */
    String INLINE = "trailguard.rules.inline";

    /** Declared so that the unknown-property check knows it; read through {@link InlineRules#of}, unexpanded. */
    Optional<String> inline();

    /** An SSM parameter (String or SecureString) holding a rules file, read at start-up. */
    Optional<String> ssmParameter();

    /** An S3 object holding a rules file, {@code s3://bucket/key}, read at start-up. */
    Optional<String> s3Uri();
}
