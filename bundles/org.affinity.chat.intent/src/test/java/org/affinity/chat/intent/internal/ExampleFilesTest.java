package org.affinity.chat.intent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import org.affinity.api.chat.IntentExample;
import org.affinity.api.ingest.RejectedException;
import org.affinity.api.ingest.Rejection;
import org.junit.jupiter.api.Test;

class ExampleFilesTest {

    @Test
    void csvRecordsKeepTheLineTheyStartOnThroughQuotesAndLineBreaks() {
        String csv = "\uFEFFtext,intent\r\n"
                + "where is my order,track_order\r\n"
                + "\"I said \"\"cancel\"\", please\",cancel_order\r\n"
                + "\r\n"
                + "\"two\nlines\",complaint\n"
                + "last,track_order";
        List<IntentExample> examples = ExampleFiles.read(csv, "csv");
        assertEquals(List.of(new IntentExample("where is my order", "track_order", 2),
                new IntentExample("I said \"cancel\", please", "cancel_order", 3),
                new IntentExample("two\nlines", "complaint", 5),
                new IntentExample("last", "track_order", 7)), examples);
    }

    @Test
    void theTextAndIntentColumnsAreFoundByNameAndBitextFilesReadAsTheyAre() {
        String bitext = "flags,utterance,category,intent\nBIL,\"I want to cancel, now\",ORDER,cancel_order\n";
        assertEquals(List.of(new IntentExample("I want to cancel, now", "cancel_order", 2)), ExampleFiles.read(bitext, "csv"));
        assertEquals(List.of(new IntentExample("hi", "greeting", 2)), ExampleFiles.read("Label,Text\ngreeting,hi\n", "csv"));
    }

    @Test
    void aMissingColumnIsNamedOnTheHeaderLine() {
        RejectedException e = assertThrows(RejectedException.class, () -> ExampleFiles.read("text,category\nhi,x\n", "csv"));
        assertEquals(1, e.rejections().size());
        Rejection rejection = e.rejections().get(0);
        assertEquals(1, rejection.line());
        assertEquals("intent", rejection.field());
        assertTrue(rejection.reason().contains("no 'intent' column") && rejection.reason().contains("[text, category]"),
                rejection.reason());
    }

    @Test
    void shortRowsAndAnUnclosedQuoteAreNamedByLine() {
        RejectedException e = assertThrows(RejectedException.class, () -> ExampleFiles.read(
                "text,intent\nfine,a\nno intent here\nfine too,b\n\"never closed,c\nmore,d\n", "csv"));
        assertEquals(2, e.rejections().size(), e.rejections().toString());
        assertEquals(3, e.rejections().get(0).line());
        assertEquals("intent", e.rejections().get(0).field());
        assertEquals(5, e.rejections().get(1).line());
        assertTrue(e.rejections().get(1).reason().contains("never closed"));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void ndjsonNamesMalformedLinesAndMissingFields() {
        String ndjson = "{\"text\":\"hi\",\"intent\":\"greeting\"}\n\n{\"text\":\"bye\"}\n{not json}\n{\"text\":3,\"intent\":\"x\"}\n";
        RejectedException e = assertThrows(RejectedException.class, () -> ExampleFiles.read(ndjson, null));
        assertEquals(List.of(3L, 4L, 5L), e.rejections().stream().map(Rejection::line).toList());
        assertEquals("intent", e.rejections().get(0).field());
        assertTrue(e.rejections().get(1).reason().startsWith("malformed JSON"));
        assertEquals("text", e.rejections().get(2).field());
        assertEquals(List.of(new IntentExample("hi", "greeting", 1)),
                ExampleFiles.read("{\"text\":\"hi\",\"intent\":\"greeting\"}", "application/x-ndjson"));
    }

    @Test
    void anEmptyFileIsRefused() {
        assertThrows(RejectedException.class, () -> ExampleFiles.read("text,intent\n", "csv"));
        assertThrows(RejectedException.class, () -> ExampleFiles.read("", "csv"));
        assertThrows(RejectedException.class, () -> ExampleFiles.read("  \n", "ndjson"));
        assertThrows(IllegalArgumentException.class, () -> ExampleFiles.read("x", "xml"));
    }

    @Test
    void writtenCsvReadsBackTheSame() throws IOException {
        List<IntentExample> examples = List.of(new IntentExample("a, b", "x", 2), new IntentExample("\"quoted\"", "y", 3),
                new IntentExample(" leading space", "x", 4), new IntentExample("two\nlines", "y", 5),
                new IntentExample("我的订单", "track_order", 7));
        StringWriter out = new StringWriter();
        ExampleFiles.writeCsv(examples, out);
        assertEquals(examples, ExampleFiles.read(out.toString(), "csv"));
    }
}
