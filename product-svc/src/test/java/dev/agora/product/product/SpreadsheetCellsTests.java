package dev.agora.product.product;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpreadsheetCellsTests {

    @Test
    void aCellASpreadsheetWouldEvaluateIsExportedAsText() {
        assertThat(SpreadsheetCells.escape("=HYPERLINK(\"http://evil.example\",\"x\")"))
            .isEqualTo("'=HYPERLINK(\"http://evil.example\",\"x\")");
        assertThat(SpreadsheetCells.escape("+1 555 0100")).isEqualTo("'+1 555 0100");
        assertThat(SpreadsheetCells.escape("-2+3")).isEqualTo("'-2+3");
        assertThat(SpreadsheetCells.escape("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(SpreadsheetCells.escape("\t=1")).isEqualTo("'\t=1");
        assertThat(SpreadsheetCells.escape("\r=1")).isEqualTo("'\r=1");
        // An apostrophe that starts a cell would itself be swallowed by the re-import: it is escaped too.
        assertThat(SpreadsheetCells.escape("'=1")).isEqualTo("''=1");
    }

    @Test
    void ordinaryCellsAreLeftAsTheyAre() {
        assertThat(SpreadsheetCells.escape("Oak Table")).isEqualTo("Oak Table");
        assertThat(SpreadsheetCells.escape("a = b")).isEqualTo("a = b");
        assertThat(SpreadsheetCells.escape("'tis the season")).isEqualTo("'tis the season");
        assertThat(SpreadsheetCells.escape("")).isEmpty();
    }

    @Test
    void theImportReadsBackExactlyWhatTheExportEscaped() {
        for (String value : new String[] { "=1+1", "+x", "-y", "@z", "\tt", "'=1", "''=1", "'tis", "plain", "", "'" }) {
            assertThat(SpreadsheetCells.unescape(SpreadsheetCells.escape(value))).as(value).isEqualTo(value);
        }
    }
}
