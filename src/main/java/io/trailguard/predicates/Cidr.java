package io.trailguard.predicates;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 CIDR block as AWS accepts it, in its canonical form: the host bits cleared, the address
 * written the one usual way. {@code 198.51.100.7/0} and {@code 0.0.0.0/0} are the same block, the whole
 * internet, and so are {@code 0:0:0:0:0:0:0:0/0}, {@code 2001:db8::/0} and {@code ::/0}. Parsed by hand:
 * {@link java.net.InetAddress} may look a name up in DNS, and judging an event makes no network call.
 */
public record Cidr(boolean ipv6, BigInteger network, int prefix) {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern HEXTET = Pattern.compile("[0-9a-fA-F]{1,4}");

    /** The block a CIDR text stands for, or empty when it is not one (an address without a prefix is not). */
    public static Optional<Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        if (slash < 0 || slash != trimmed.lastIndexOf('/')) {
            return Optional.empty();
        }
        String address = trimmed.substring(0, slash);
        Integer prefix = number(trimmed.substring(slash + 1), 3);
        boolean ipv6 = address.contains(":");
        BigInteger bits = ipv6 ? ipv6(address) : ipv4(address);
        int width = ipv6 ? 128 : 32;
        if (bits == null || prefix == null || prefix > width) {
            return Optional.empty();
        }
        BigInteger mask = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(width - prefix).subtract(BigInteger.ONE));
        return Optional.of(new Cidr(ipv6, bits.and(mask), prefix));
    }

    /** Whether the text is a CIDR block that holds every address of its family: any {@code /0}. */
    public static boolean isWholeInternet(String text) {
        return parse(text).map(Cidr::wholeInternet).orElse(false);
    }

    public boolean wholeInternet() {
        return prefix == 0;
    }

    @Override
    public String toString() {
        return (ipv6 ? ipv6Text(network) : ipv4Text(network)) + "/" + prefix;
    }

    private static BigInteger ipv4(String address) {
        Matcher m = IPV4.matcher(address);
        if (!m.matches()) {
            return null;
        }
        long value = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                return null;
            }
            value = value << 8 | octet;
        }
        return BigInteger.valueOf(value);
    }

    private static BigInteger ipv6(String address) {
        String[] halves = address.split("::", -1);
        if (halves.length > 2) {
            return null;
        }
        int[] head = hextets(halves[0]);
        int[] tail = halves.length == 2 ? hextets(halves[1]) : new int[0];
        if (head == null || tail == null) {
            return null;
        }
        int given = head.length + tail.length;
        if (halves.length == 1 ? given != 8 : given > 7) {
            return null;
        }
        BigInteger value = BigInteger.ZERO;
        for (int h : head) {
            value = value.shiftLeft(16).or(BigInteger.valueOf(h));
        }
        value = value.shiftLeft(16 * (8 - given));
        for (int h : tail) {
            value = value.shiftLeft(16).or(BigInteger.valueOf(h));
        }
        return value;
    }

    /** The hextets of one side of "::", an embedded IPv4 address (::ffff:192.0.2.1) counting as two. */
    private static int[] hextets(String side) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        boolean dotted = parts[parts.length - 1].contains(".");
        int[] out = new int[parts.length + (dotted ? 1 : 0)];
        for (int i = 0; i < parts.length; i++) {
            if (dotted && i == parts.length - 1) {
                BigInteger v4 = ipv4(parts[i]);
                if (v4 == null) {
                    return null;
                }
                out[i] = v4.intValue() >>> 16;
                out[i + 1] = v4.intValue() & 0xffff;
            } else if (HEXTET.matcher(parts[i]).matches()) {
                out[i] = Integer.parseInt(parts[i], 16);
            } else {
                return null;
            }
        }
        return out;
    }

    private static Integer number(String digits, int maxLength) {
        if (digits.isEmpty() || digits.length() > maxLength || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Integer.parseInt(digits);
    }

    private static String ipv4Text(BigInteger value) {
        long v = value.longValue();
        return (v >>> 24 & 255) + "." + (v >>> 16 & 255) + "." + (v >>> 8 & 255) + "." + (v & 255);
    }

    /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero hextets as "::". */
    private static String ipv6Text(BigInteger value) {
        int[] h = new int[8];
        for (int i = 7; i >= 0; i--) {
            h[i] = value.intValue() & 0xffff;
            value = value.shiftRight(16);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8;) {
            int j = i;
            while (j < 8 && h[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(h[i]).toLowerCase(Locale.ROOT));
        }
        return s.toString();
    }
}
