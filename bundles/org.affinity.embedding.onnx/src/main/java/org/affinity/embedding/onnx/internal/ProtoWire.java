package org.affinity.embedding.onnx.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The protobuf wire format, as far as cutting an ONNX model into parts needs it: a message is read as
 * its list of fields (each keeps its raw bytes, so a part can copy nodes and initializers unchanged),
 * and new messages are written field by field. No schema, no protobuf library.
 */
final class ProtoWire {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private ProtoWire() {
    }

    /**
     * One field of a message in {@code bytes}: for varints the value, otherwise the payload between
     * {@code start} and {@code end}; {@code rawStart} to {@code end} is the whole field with its key.
     */
    record Field(byte[] bytes, int number, int wireType, long varint, int rawStart, int start, int end) {

        /** The payload as a nested message. */
        List<Field> message() {
            return fields(bytes, start, end);
        }

        String string() {
            return new String(bytes, start, end - start, StandardCharsets.UTF_8);
        }

        /** Key and payload, to copy the field unchanged into another message. */
        void copyTo(ByteArrayOutputStream out) {
            out.write(bytes, rawStart, end - rawStart);
        }

        float fixed32Float() {
            return Float.intBitsToFloat(littleEndianInt(bytes, start));
        }
    }

    /**
     * The fields of the message between {@code start} and {@code end}, in order.
     *
     * @throws IllegalArgumentException when the bytes are not a well-formed message
     */
    static List<Field> fields(byte[] bytes, int start, int end) {
        List<Field> fields = new ArrayList<>();
        int[] position = { start };
        while (position[0] < end) {
            int rawStart = position[0];
            long key = varint(bytes, position, end);
            int number = (int) (key >>> 3);
            int wireType = (int) (key & 7);
            if (number <= 0) {
                throw new IllegalArgumentException("field number " + number + " at byte " + rawStart);
            }
            switch (wireType) {
                case VARINT -> {
                    long value = varint(bytes, position, end);
                    fields.add(new Field(bytes, number, wireType, value, rawStart, position[0], position[0]));
                }
                case LENGTH_DELIMITED -> {
                    long length = varint(bytes, position, end);
                    int from = position[0];
                    if (length < 0 || length > end - from) {
                        throw new IllegalArgumentException("field " + number + " of " + length + " bytes at byte "
                                + rawStart + " runs past its message");
                    }
                    position[0] = from + (int) length;
                    fields.add(new Field(bytes, number, wireType, 0, rawStart, from, position[0]));
                }
                case FIXED32, FIXED64 -> {
                    int size = wireType == FIXED32 ? 4 : 8;
                    int from = position[0];
                    if (size > end - from) {
                        throw new IllegalArgumentException("field " + number + " at byte " + rawStart + " is cut off");
                    }
                    position[0] = from + size;
                    fields.add(new Field(bytes, number, wireType, 0, rawStart, from, position[0]));
                }
                default -> throw new IllegalArgumentException("wire type " + wireType + " at byte " + rawStart);
            }
        }
        return fields;
    }

    private static long varint(byte[] bytes, int[] position, int end) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position[0] >= end) {
                throw new IllegalArgumentException("varint cut off at byte " + position[0]);
            }
            byte b = bytes[position[0]++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes before byte " + position[0]);
    }

    static int littleEndianInt(byte[] bytes, int at) {
        return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16
                | (bytes[at + 3] & 0xff) << 24;
    }

    /** Builds a message field by field. */
    static final class Writer {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer varint(int number, long value) {
            key(number, VARINT);
            writeVarint(value);
            return this;
        }

        Writer bytes(int number, byte[] payload) {
            key(number, LENGTH_DELIMITED);
            writeVarint(payload.length);
            out.writeBytes(payload);
            return this;
        }

        Writer string(int number, String value) {
            return bytes(number, value.getBytes(StandardCharsets.UTF_8));
        }

        Writer message(int number, Writer message) {
            return bytes(number, message.toByteArray());
        }

        /** Copies a field read from another message, key and all. */
        Writer copy(Field field) {
            field.copyTo(out);
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private void key(int number, int wireType) {
            writeVarint((long) number << 3 | wireType);
        }

        private void writeVarint(long value) {
            while ((value & ~0x7fL) != 0) {
                out.write((int) (value & 0x7f) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
