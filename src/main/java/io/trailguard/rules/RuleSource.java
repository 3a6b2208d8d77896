package io.trailguard.rules;

import java.util.List;

/** One place rules are read from at start-up: bundled, files, the environment an SSM parameter, an S3 object. */
public interface RuleSource {

    /** The rules files it holds, in the order they are loaded; an unreadable source is an {@link InvalidRulesException}. */
    List<RuleText> read();
}
