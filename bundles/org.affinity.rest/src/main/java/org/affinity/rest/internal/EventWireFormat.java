package org.affinity.rest.internal;

import java.io.IOException;

import org.affinity.api.event.Event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * Events go out as they come in: {@code {"id", "type": "view", "member", "item", "quantity", "price",
 * "text", "time", "attributes"}}, the fields and wire names POST /api/events and the imports take, so a
 * client reads back what it wrote (not the record's memberId/itemId/timestamp/VIEW).
 */
final class EventWireFormat extends StdSerializer<Event> {

    private static final long serialVersionUID = 1L;

    EventWireFormat() {
        super(Event.class);
    }

    @Override
    public void serialize(Event event, JsonGenerator json, SerializerProvider provider) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", event.id());
        json.writeStringField("type", event.type().wireName());
        json.writeStringField("member", event.memberId());
        if (event.itemId() != null) {
            json.writeStringField("item", event.itemId());
        }
        if (event.quantity() != 0) {
            json.writeNumberField("quantity", event.quantity());
        }
        if (event.price() != null) {
            json.writeNumberField("price", event.price());
        }
        if (event.text() != null) {
            json.writeStringField("text", event.text());
        }
        json.writeStringField("time", event.timestamp().toString());
        if (!event.attributes().isEmpty()) {
            json.writeFieldName("attributes");
            provider.defaultSerializeValue(event.attributes(), json);
        }
        json.writeEndObject();
    }
}
