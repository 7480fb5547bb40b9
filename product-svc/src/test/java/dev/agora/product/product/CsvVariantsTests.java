package dev.agora.product.product;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvVariantsTests {

    @Test
    void readsWhatItWritesWhateverTheOptionValuesHold() {
        List<CsvVariants.Exported> variants = List.of(
                new CsvVariants.Exported("TEE-S", new BigDecimal("20.0000"), null, Map.of("size", "S", "colour", "a|b;c,d=e\\f")),
                new CsvVariants.Exported("TEE-M", new BigDecimal("22.5"), "7612345678900", Map.of("size", "M", "colour", "red")));
        String cell = CsvVariants.format(variants, "USD");
        assertThat(cell).isEqualTo("TEE-S;20.00;colour=a\\|b\\;c\\,d\\=e\\\\f,size=S|TEE-M;22.50;colour=red,size=M;7612345678900");

        List<ProductRequest.VariantRequest> read = CsvVariants.parse(cell, "USD");
        assertThat(read).extracting(ProductRequest.VariantRequest::sku).containsExactly("TEE-S", "TEE-M");
        assertThat(read).extracting(v -> v.price().amount()).containsExactly("20.00", "22.50");
        assertThat(read).extracting(ProductRequest.VariantRequest::barcode).containsExactly(null, "7612345678900");
        assertThat(read.getFirst().options()).isEqualTo(Map.of("size", "S", "colour", "a|b;c,d=e\\f"));
        assertThat(read).allMatch(v -> v.id() == null && "USD".equals(v.price().currency()));
    }

    @Test
    void anEmptyCellIsAProductSoldAsItself() {
        assertThat(CsvVariants.parse("  ", "EUR")).isEmpty();
        assertThat(CsvVariants.format(List.of(), "EUR")).isEmpty();
    }

    @Test
    void refusesCellsThatAreNotVariantsSayingWhichOne() {
        assertThatThrownBy(() -> CsvVariants.parse("A;1.00;size=S|B;2.00", "USD")).isInstanceOf(CsvVariants.Unreadable.class)
            .hasMessage("variant 2 must be sku;price;options or sku;price;options;barcode");
        assertThatThrownBy(() -> CsvVariants.parse("A;1.00;size", "USD")).hasMessage("variant 1 must write each option as name=value");
        assertThatThrownBy(() -> CsvVariants.parse("A;1.00;=S", "USD")).hasMessage("variant 1 must write each option as name=value");
        assertThatThrownBy(() -> CsvVariants.parse("A;1.00;size=S,size=M", "USD"))
            .hasMessage("variant 1 names the option size twice");
        assertThatThrownBy(() -> CsvVariants.parse("A;1.00;size=S;123;extra", "USD")).isInstanceOf(CsvVariants.Unreadable.class);
    }
}
