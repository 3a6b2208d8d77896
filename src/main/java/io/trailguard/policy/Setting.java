package io.trailguard.policy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One key under {@code trailguard.policies.<name>.}: its type (a parser and the words that describe what it
 * expects, for start-up errors) and its default. A policy declares its own in {@link Policy#settings()};
 * {@link CommonSettings} are every policy's.
 */
public record Setting<T>(String key, String expected, Function<String, T> parse, Optional<T> fallback) {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

    public static Setting<String> text(String key) {
        return new Setting<>(key, "a text", s -> s, Optional.empty());
    }

    public static Setting<String> text(String key, String fallback) {
        return new Setting<>(key, "a text", s -> s, Optional.of(fallback));
    }

    /** A regular expression, compiled at start-up so that a bad one fails there rather than on an event. */
    public static Setting<Pattern> regex(String key) {
        return new Setting<>(key, "a regular expression", Pattern::compile, Optional.empty());
    }

    public static Setting<Integer> integer(String key, int fallback) {
        return new Setting<>(key, "an integer", Integer::valueOf, Optional.of(fallback));
    }

    /** A count of at least 1, with no default. */
    public static Setting<Integer> positive(String key) {
        return new Setting<>(key, "an integer of at least 1", s -> {
            int value = Integer.parseInt(s);
            if (value < 1) {
                throw new IllegalArgumentException(s);
            }
            return value;
        }, Optional.empty());
    }

    public static Setting<Long> longInteger(String key, long fallback) {
        return new Setting<>(key, "an integer", Long::valueOf, Optional.of(fallback));
    }

    public static Setting<Boolean> bool(String key, boolean fallback) {
        return new Setting<>(key, "true or false", Setting::parseBoolean, Optional.of(fallback));
    }

    /** {@code 15m}, {@code 90s}, {@code 2h}, {@code 500ms}, a number of seconds, or ISO-8601 ({@code PT15M}). */
    public static Setting<Duration> duration(String key, Duration fallback) {
        return new Setting<>(key, "a duration such as 15m, 90s, 2h or PT15M", Setting::parseDuration, Optional.of(fallback));
    }

    /** A positive duration as {@link #duration(String, Duration)} reads it, with no default. */
    public static Setting<Duration> duration(String key) {
        return new Setting<>(key, "a positive duration such as 15m, 90s, 2h or PT15M", s -> {
            Duration value = parseDuration(s);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(s);
            }
            return value;
        }, Optional.empty());
    }

    /** Comma-separated texts; blanks between commas are dropped. */
    public static Setting<List<String>> texts(String key, List<String> fallback) {
        return new Setting<>(key, "a comma-separated list", Setting::split, Optional.of(List.copyOf(fallback)));
    }

    public static Setting<List<Integer>> integers(String key, List<Integer> fallback) {
        return new Setting<>(key, "a comma-separated list of integers",
                s -> split(s).stream().map(Integer::valueOf).toList(), Optional.of(List.copyOf(fallback)));
    }

    /** A value among the constants of an enum, spelled in kebab case ({@code dry-run} for {@code DRY_RUN}). */
    public static <E extends Enum<E>> Setting<E> oneOf(String key, Class<E> type, Optional<E> fallback) {
        String values = String.join(" | ", Arrays.stream(type.getEnumConstants()).map(Setting::kebab).toList());
        return new Setting<>(key, "one of " + values, s -> Enum.valueOf(type, s.trim().toUpperCase().replace('-', '_')), fallback);
    }

    /** Values among {@code allowed}, comma-separated. */
    public static Setting<List<String>> subsetOf(String key, List<String> allowed) {
        return new Setting<>(key, "a comma-separated list of " + String.join(", ", allowed), s -> {
            List<String> values = split(s);
            for (String value : values) {
                if (!allowed.contains(value)) {
                    throw new IllegalArgumentException(value);
                }
            }
            return values;
        }, Optional.empty());
    }

    /** The value read from text, or an {@link InvalidSettingException} naming the full key and what it expects. */
    T parse(String fullKey, String raw) {
        try {
            return parse.apply(raw.trim());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidSettingException(fullKey + "=" + raw + " is not " + expected);
        }
    }

    static List<String> split(String raw) {
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean parseBoolean(String raw) {
        return switch (raw.toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(raw);
        };
    }

    private static Duration parseDuration(String raw) {
        Matcher m = DURATION.matcher(raw);
        if (!m.matches()) {
            return Duration.parse(raw);
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static String kebab(Enum<?> value) {
        return value.name().toLowerCase().replace('_', '-');
    }
}
