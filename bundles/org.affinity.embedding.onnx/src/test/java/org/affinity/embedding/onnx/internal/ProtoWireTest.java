package org.affinity.embedding.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import org.affinity.embedding.onnx.internal.ProtoWire.Field;
import org.affinity.embedding.onnx.internal.ProtoWire.Writer;
import org.junit.jupiter.api.Test;

class ProtoWireTest {

    @Test
    void varintsRoundTrip() {
        long[] values = { 0, 1, 127, 128, 300, 16_383, 16_384, 1L << 31, 1L << 56, Long.MAX_VALUE, -1 };
        Writer writer = new Writer();
        for (int i = 0; i < values.length; i++) {
            writer.varint(i + 1, values[i]);
        }
        byte[] bytes = writer.toByteArray();
        List<Field> fields = ProtoWire.fields(bytes, 0, bytes.length);
        assertEquals(values.length, fields.size());
        for (int i = 0; i < values.length; i++) {
            assertEquals(i + 1, fields.get(i).number());
            assertEquals(ProtoWire.VARINT, fields.get(i).wireType());
            assertEquals(values[i], fields.get(i).varint());
        }
    }

    @Test
    void knownEncodings() {
        // the protobuf documentation's examples: field 1 = 150 is 08 96 01; field 2 = "testing"
        assertArrayEquals(new byte[] { 0x08, (byte) 0x96, 0x01 }, new Writer().varint(1, 150).toByteArray());
        byte[] testing = new Writer().string(2, "testing").toByteArray();
        assertArrayEquals(new byte[] { 0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g' }, testing);
        assertEquals(10, new Writer().varint(1, -1).toByteArray().length - 1, "a negative int64 takes 10 bytes");
    }

    @Test
    void nestedMessagesAndCopiesKeepTheirBytes() {
        Writer inner = new Writer().string(1, "gamma").varint(2, 1);
        byte[] outer = new Writer().varint(1, 7).message(5, inner).string(8, "名前").toByteArray();
        List<Field> fields = ProtoWire.fields(outer, 0, outer.length);
        assertEquals(List.of(1, 5, 8), fields.stream().map(Field::number).toList());
        List<Field> nested = fields.get(1).message();
        assertEquals("gamma", nested.get(0).string());
        assertEquals(1, nested.get(1).varint());
        assertEquals("名前", fields.get(2).string());

        Writer copy = new Writer();
        fields.forEach(copy::copy);
        assertArrayEquals(outer, copy.toByteArray());
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        fields.get(1).copyTo(one);
        assertArrayEquals(new Writer().message(5, inner).toByteArray(), one.toByteArray());
    }

    @Test
    void fixedWidthFields() {
        // field 4 as fixed32 1.5f (key 0x25), field 6 as fixed64 (key 0x31)
        byte[] bytes = { 0x25, 0, 0, (byte) 0xc0, 0x3f, 0x31, 1, 2, 3, 4, 5, 6, 7, 8 };
        List<Field> fields = ProtoWire.fields(bytes, 0, bytes.length);
        assertEquals(1.5f, fields.get(0).fixed32Float());
        assertEquals(ProtoWire.FIXED64, fields.get(1).wireType());
        assertEquals(6, fields.get(1).start());
        assertEquals(14, fields.get(1).end());
    }

    @Test
    void malformedMessagesAreRejected() {
        byte[] cutVarint = { 0x08, (byte) 0x96 };
        byte[] lengthPastEnd = { 0x12, 0x09, 't', 'e' };
        byte[] group = { 0x0b };
        byte[] fieldZero = { 0x00, 0x01 };
        byte[] cutFixed = { 0x25, 0, 0 };
        for (byte[] bytes : List.of(cutVarint, lengthPastEnd, group, fieldZero, cutFixed)) {
            assertThrows(IllegalArgumentException.class, () -> ProtoWire.fields(bytes, 0, bytes.length),
                    Arrays.toString(bytes));
        }
        byte[] inner = new Writer().message(1, new Writer().string(1, "abc")).toByteArray();
        // the nested length may not run past the enclosing field
        assertThrows(IllegalArgumentException.class, () -> ProtoWire.fields(inner, 2, inner.length - 1));
    }
}
