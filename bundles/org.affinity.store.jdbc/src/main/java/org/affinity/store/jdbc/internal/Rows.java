package org.affinity.store.jdbc.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.item.Item;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Maps members, items and events to and from rows; attributes and categories are JSON text. */
final class Rows {

    static final String EVENT_COLUMNS = "id, type, member_id, item_id, quantity, price, text, ts, attributes";
    static final String ITEM_COLUMNS = "id, title, description, categories, price, currency, attributes, available, updated_at";
    static final String MEMBER_COLUMNS = "id, attributes, consent_email, consent_sms, consent_push, consent_profiling, "
            + "created_at, updated_at";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final TypeReference<List<String>> LIST = new TypeReference<>() { };

    private Rows() {
    }

    static Event event(ResultSet row) throws SQLException {
        return new Event(row.getString(1), EventType.valueOf(row.getString(2)), row.getString(3), row.getString(4),
                row.getInt(5), stripped(row.getBigDecimal(6)), row.getString(7), Instant.ofEpochMilli(row.getLong(8)),
                map(row.getString(9)));
    }

    /** Binds an event to parameters 1-9, in the order of {@link #EVENT_COLUMNS}. */
    static void bind(PreparedStatement statement, Event event) throws SQLException {
        statement.setString(1, event.id());
        statement.setString(2, event.type().name());
        statement.setString(3, event.memberId());
        statement.setString(4, event.itemId());
        statement.setInt(5, event.quantity());
        setDecimal(statement, 6, event.price());
        statement.setString(7, event.text());
        statement.setLong(8, event.timestamp().toEpochMilli());
        statement.setString(9, json(event.attributes()));
    }

    static Item item(ResultSet row) throws SQLException {
        return new Item(row.getString(1), row.getString(2), row.getString(3), list(row.getString(4)),
                stripped(row.getBigDecimal(5)), row.getString(6), map(row.getString(7)), row.getBoolean(8),
                Instant.ofEpochMilli(row.getLong(9)));
    }

    static Member member(ResultSet row) throws SQLException {
        Consent consent = new Consent(row.getBoolean(3), row.getBoolean(4), row.getBoolean(5), row.getBoolean(6));
        return new Member(row.getString(1), map(row.getString(2)), consent, Instant.ofEpochMilli(row.getLong(7)),
                Instant.ofEpochMilli(row.getLong(8)));
    }

    static void setDecimal(PreparedStatement statement, int index, BigDecimal value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DECIMAL);
        } else {
            statement.setBigDecimal(index, value);
        }
    }

    /** DECIMAL(19,4) comes back as 2.5500: give back 2.55. */
    static BigDecimal stripped(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal plain = value.stripTrailingZeros();
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> map(String json) {
        try {
            return json == null || json.isEmpty() ? Map.of() : JSON.readValue(json, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException("stored attributes are not JSON: " + json, e);
        }
    }

    static List<String> list(String json) {
        try {
            return json == null || json.isEmpty() ? List.of() : JSON.readValue(json, LIST);
        } catch (IOException e) {
            throw new UncheckedIOException("stored categories are not JSON: " + json, e);
        }
    }
}
