package org.affinity.vector.lucene.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FieldValuesTest {

    @Test
    void roundTripsStringsAndListsIncludingUnicodeAndEmptyValues() {
        Map<String, Object> fields = Map.of("title", "Tasse à café ☕ 红色", "empty", "", "tags", List.of("a", "", "b"),
                "none", List.of(), "set", new LinkedHashSet<>(List.of("x", "y")));
        Map<String, Object> decoded = FieldValues.decode(FieldValues.encode(fields));
        assertEquals(Map.of("title", "Tasse à café ☕ 红色", "empty", "", "tags", List.of("a", "", "b"), "none", List.of(),
                "set", List.of("x", "y")), decoded);
        assertEquals(Map.of(), FieldValues.decode(FieldValues.encode(Map.of())));
    }

    @Test
    void acceptsOnlyStringsAndCollectionsOfStrings() {
        assertEquals(List.of("a"), FieldValues.values("f", "a"));
        assertEquals(List.of("a", "b"), FieldValues.values("f", List.of("a", "b")));
        assertThrows(IllegalArgumentException.class, () -> FieldValues.values("f", 1));
        assertThrows(IllegalArgumentException.class, () -> FieldValues.values("f", Arrays.asList("a", null)));
        assertThrows(IllegalArgumentException.class, () -> FieldValues.values("", "a"));
    }
}
