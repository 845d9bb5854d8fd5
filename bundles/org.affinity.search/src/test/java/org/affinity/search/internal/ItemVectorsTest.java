package org.affinity.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.affinity.api.item.Item;
import org.affinity.api.search.SearchFilter;
import org.affinity.api.vector.VectorEntry;
import org.junit.jupiter.api.Test;

class ItemVectorsTest {

    @Test
    void descriptionsLoseTheirMarkup() {
        assertEquals("The Joust Duffle & \"Bag\" - water resistant ™ é",
                PlainText.of("<p>The <b>Joust</b>\n Duffle &amp; &quot;Bag&quot;</p><ul><li>&ndash; water&nbsp;resistant</li></ul>"
                        + "<script>var x = 1;</script><!-- note --> &trade; &#233;"));
        assertEquals("", PlainText.of(null));
        assertEquals("a &unknown; b", PlainText.of("a &unknown; b"));
    }

    @Test
    void theTextIsTheTitleThenThePlainDescription() {
        assertEquals("Joust Duffle Bag\nWater resistant", ItemVectors.text(item("Joust Duffle Bag", "<p>Water resistant</p>")));
        assertEquals("Red Mug", ItemVectors.text(item("Red Mug", "")));
        assertEquals("Red Mug", ItemVectors.text(item("Red Mug", "<p>red mug</p>")), "a description that repeats the title adds nothing");
        assertEquals("x1", ItemVectors.text(item("", "")), "an item without words is still findable by its id");
    }

    @Test
    void categoriesAreIndexedWithTheirAncestors() {
        assertEquals(List.of("Men", "Men/Tops", "Men/Tops/Jackets", "Collections", "Collections/Eco Friendly"),
                ItemVectors.categoryTerms(List.of("Men/Tops/Jackets", "Collections/Eco Friendly", "Men/Tops")));
        assertEquals(Map.of("category", Set.of("Gear"), "available", Set.of("true")),
                ItemVectors.indexFilter(new SearchFilter(Set.of("/Gear/"), true, null, null)));
    }

    @Test
    void aChangeOfTextNeedsANewVectorOtherChangesOnlyNewFields() {
        Item item = item("Red Mug", "");
        Map<String, Object> fields = ItemVectors.fields(item, ItemVectors.text(item));
        VectorEntry stored = new VectorEntry("x1", new float[] {1, 0}, fields);
        assertEquals(ItemVectors.Change.NONE, ItemVectors.change(Optional.of(stored), fields));
        assertEquals(ItemVectors.Change.TEXT, ItemVectors.change(Optional.empty(), fields));
        Item renamed = item("Blue Mug", "");
        assertEquals(ItemVectors.Change.TEXT, ItemVectors.change(Optional.of(stored), ItemVectors.fields(renamed, ItemVectors.text(renamed))));
        Item dearer = new Item("x1", "Red Mug", "", List.of("Kitchen"), new BigDecimal("3.00"), "GBP", null, false, null);
        Map<String, Object> dearerFields = ItemVectors.fields(dearer, ItemVectors.text(dearer));
        assertEquals(ItemVectors.Change.FIELDS, ItemVectors.change(Optional.of(stored), dearerFields));
        assertEquals("3", dearerFields.get("price"));
        assertEquals("false", dearerFields.get("available"));
        assertNotEquals(fields.get("textHash"), ItemVectors.fields(renamed, ItemVectors.text(renamed)).get("textHash"));
    }

    @Test
    void theStoreDecidesTheFinalMatch() {
        Item mug = new Item("m", "Mug", "", List.of("Kitchen/Mugs"), new BigDecimal("2.5"), "GBP", null, true, null);
        assertTrue(ItemVectors.matches(mug, SearchFilter.ANY));
        assertTrue(ItemVectors.matches(mug, new SearchFilter(Set.of("Kitchen"), true, new BigDecimal("2.5"), new BigDecimal("2.5"))));
        assertFalse(ItemVectors.matches(mug, new SearchFilter(Set.of("Kitch"), null, null, null)), "whole path segments only");
        assertFalse(ItemVectors.matches(mug, new SearchFilter(null, false, null, null)));
        assertFalse(ItemVectors.matches(mug, new SearchFilter(null, null, new BigDecimal("3"), null)));
        Item unpriced = new Item("u", "Thing", "", List.of(), null, null, null, true, null);
        assertFalse(ItemVectors.matches(unpriced, new SearchFilter(null, null, null, BigDecimal.TEN)));
    }

    private static Item item(String title, String description) {
        return new Item("x1", title, description, List.of("Kitchen"), null, null, null, true, null);
    }
}
