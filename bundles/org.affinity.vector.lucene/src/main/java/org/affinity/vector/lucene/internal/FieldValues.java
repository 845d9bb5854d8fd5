package org.affinity.vector.lucene.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.util.BytesRef;

/**
 * An entry's stored fields as one compact value (kept in a doc-values column, read per hit without
 * decompressing stored-field blocks). A field is a string or a list of strings; a collection comes
 * back as a list, a string as a string.
 */
final class FieldValues {

    private static final byte SINGLE = 0;
    private static final byte MULTIPLE = 1;

    private FieldValues() {
    }

    /** Every value of a field, checked: strings, or collections of strings. */
    static List<String> values(String field, Object value) {
        if (field == null || field.isEmpty()) {
            throw new IllegalArgumentException("a field name must not be empty");
        }
        if (value instanceof String) {
            return List.of((String) value);
        }
        if (value instanceof Collection) {
            List<String> values = new ArrayList<>(((Collection<?>) value).size());
            for (Object element : (Collection<?>) value) {
                if (!(element instanceof String)) {
                    throw new IllegalArgumentException("field '" + field + "' holds " + describe(element)
                            + "; a field is a string or a collection of strings");
                }
                values.add((String) element);
            }
            return values;
        }
        throw new IllegalArgumentException("field '" + field + "' is " + describe(value)
                + "; a field is a string or a collection of strings");
    }

    static BytesRef encode(Map<String, Object> fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(fields.size());
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                writeString(out, field.getKey());
                List<String> values = values(field.getKey(), field.getValue());
                if (field.getValue() instanceof String) {
                    out.writeByte(SINGLE);
                    writeString(out, values.get(0));
                } else {
                    out.writeByte(MULTIPLE);
                    out.writeInt(values.size());
                    for (String value : values) {
                        writeString(out, value);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BytesRef(bytes.toByteArray());
    }

    static Map<String, Object> decode(BytesRef encoded) {
        try (DataInputStream in = new DataInputStream(
                new ByteArrayInputStream(encoded.bytes, encoded.offset, encoded.length))) {
            int count = in.readInt();
            Map<String, Object> fields = new HashMap<>(count * 2);
            for (int i = 0; i < count; i++) {
                String name = readString(in);
                if (in.readByte() == SINGLE) {
                    fields.put(name, readString(in));
                } else {
                    int size = in.readInt();
                    List<String> values = new ArrayList<>(size);
                    for (int j = 0; j < size; j++) {
                        values.add(readString(in));
                    }
                    fields.put(name, List.copyOf(values));
                }
            }
            return fields;
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable stored fields", e);
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static String describe(Object value) {
        return value == null ? "null" : "a " + value.getClass().getSimpleName();
    }
}
