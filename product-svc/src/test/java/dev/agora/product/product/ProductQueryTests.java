package dev.agora.product.product;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProductQueryTests {

    @Test
    void triesEveryAdjacentSwapOfEveryWordLongEnough() {
        assertThat(ProductQuery.swappedLetters("chiar")).containsExactly("hciar", "cihar", "chair", "chira");
        assertThat(ProductQuery.swappedLetters("oak tbale")).contains("aok tbale", "oak table").hasSize(6);
        // Doubled letters give nothing new; short words and digits are left alone.
        assertThat(ProductQuery.swappedLetters("tool")).containsExactly("otol", "tool".replace("ol", "lo"));
        assertThat(ProductQuery.swappedLetters("ab 42")).isEmpty();
    }

    @Test
    void aLongQueryTriesABoundedNumberOfSpellings() {
        assertThat(ProductQuery.swappedLetters("abcdefghijklmnopqrst ".repeat(10))).hasSize(ProductQuery.MAX_SWAPS);
    }
}
