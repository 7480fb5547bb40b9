package dev.agora.product.product;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GtinTests {

    @Test
    void acceptsEachLengthWithItsCheckDigit() {
        assertThat(Gtin.problem("96385074")).isNull();        // GTIN-8 (EAN-8)
        assertThat(Gtin.problem("036000291452")).isNull();    // GTIN-12 (UPC-A)
        assertThat(Gtin.problem("4006381333931")).isNull();   // GTIN-13 (EAN-13)
        assertThat(Gtin.problem("10036000291459")).isNull();  // GTIN-14 (a case of the UPC above)
    }

    @Test
    void refusesAWrongCheckDigitNamingTheRightOne() {
        assertThat(Gtin.problem("4006381333932")).isEqualTo("has a wrong check digit (the last digit should be 1)");
        assertThat(Gtin.problem("036000291450")).isEqualTo("has a wrong check digit (the last digit should be 2)");
    }

    @Test
    void refusesOtherLengthsAndCharacters() {
        for (String bad : new String[] { "", "1234567", "123456789", "1234567890", "12345678901", "123456789012345",
                "40063813339 1", "4006381333-93", "４００６３８１３３３９３１", "abcdefgh" }) {
            assertThat(Gtin.problem(bad)).as(bad).isEqualTo("must be a GTIN of 8, 12, 13 or 14 digits");
        }
    }

    @Test
    void theSameItemInEveryLengthHasOneKey() {
        // A UPC-A and the EAN-13 with a leading zero are one trade item, so they must collide.
        assertThat(Gtin.key("036000291452")).isEqualTo(Gtin.key("0036000291452")).isEqualTo("00036000291452");
        assertThat(Gtin.key("96385074")).isEqualTo("00000096385074");
    }
}
