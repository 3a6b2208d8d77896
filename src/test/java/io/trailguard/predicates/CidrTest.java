package io.trailguard.predicates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0.0.0.0/0                  | 0.0.0.0/0          | true
            198.51.100.7/0             | 0.0.0.0/0          | true
            255.255.255.255/0          | 0.0.0.0/0          | true
            ' 10.0.0.0/0 '             | 0.0.0.0/0          | true
            ::/0                       | ::/0               | true
            0:0:0:0:0:0:0:0/0          | ::/0               | true
            2001:DB8:0:0:0:0:0:1/0     | ::/0               | true
            ::ffff:198.51.100.7/0      | ::/0               | true
            0.0.0.0/1                  | 0.0.0.0/1          | false
            128.0.0.0/1                | 128.0.0.0/1        | false
            10.0.0.0/8                 | 10.0.0.0/8         | false
            10.1.2.3/8                 | 10.0.0.0/8         | false
            198.51.100.7/32            | 198.51.100.7/32    | false
            2001:db8::/32              | 2001:db8::/32      | false
            2001:0DB8:0000::1/128      | 2001:db8::1/128    | false
            ::/1                       | ::/1               | false
            fe80:0:0:1:0:0:0:0/64      | fe80:0:0:1::/64    | false
            """)
    void normalizesAndJudgesTheWholeInternet(String text, String canonical, boolean whole) {
        Cidr cidr = Cidr.parse(text).orElseThrow();
        assertEquals(canonical, cidr.toString());
        assertEquals(whole, cidr.wholeInternet());
        assertEquals(whole, Cidr.isWholeInternet(text));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "", "0.0.0.0", "0.0.0.0/", "0.0.0.0/33", "::/129", "256.0.0.0/0", "1.2.3/0", "1.2.3.4.5/0",
            "0.0.0.0/0/0", "0.0.0.0/-0", "0.0.0.0/+0", "x.y.z.w/0", ":::/0", "1::2::3/0", "1:2:3:4:5:6:7:8:9/0", "12345::/0",
            "fe80::1%eth0/0", "localhost/0", "sg-0a1b2c3d/0", "0.0.0.0/0000" })
    void whatIsNoCidrIsNoWholeInternet(String text) {
        assertTrue(Cidr.parse(text).isEmpty(), text);
        assertEquals(false, Cidr.isWholeInternet(text));
    }
}
