package org.affinity.ingest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvReaderTest {

    @Test
    void quotedFieldsMayHoldDelimitersQuotesAndLineBreaksAndLinesAreCounted() throws Exception {
        String csv = "\uFEFFsku,name,description\r\n"
                + "MH01,\"Chaz, the Hoodie\",\"<p>warm</p>\n<p>\"\"soft\"\"</p>\"\r\n"
                + "\n"
                + "24-MB01,Joust Duffle Bag,\n";
        CsvReader reader = new CsvReader(new StringReader(csv), ',');
        assertEquals(new CsvReader.Row(1, List.of("sku", "name", "description")), reader.next());
        assertEquals(new CsvReader.Row(2, List.of("MH01", "Chaz, the Hoodie", "<p>warm</p>\n<p>\"soft\"</p>")), reader.next());
        assertEquals(new CsvReader.Row(5, List.of("24-MB01", "Joust Duffle Bag", "")), reader.next());
        assertNull(reader.next());
    }

    @Test
    void anUnterminatedQuoteNamesTheLineItStartedOn() throws Exception {
        CsvReader reader = new CsvReader(new StringReader("a,b\n1,\"open\n2,3\n"), ',');
        reader.next();
        CsvReader.Malformed error = assertThrows(CsvReader.Malformed.class, reader::next);
        assertEquals(2, error.line);
    }

    @Test
    void otherDelimitersAndALastLineWithoutBreak() throws Exception {
        CsvReader reader = new CsvReader(new StringReader("a\tb\n1\t2"), '\t');
        reader.next();
        assertEquals(new CsvReader.Row(2, List.of("1", "2")), reader.next());
        assertNull(reader.next());
    }
}
