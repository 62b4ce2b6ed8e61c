package dev.eventscheduler.model.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

    /** What the wire format was before the fast codec: Jackson's own instant handling. */
    /** Jackson's own instant codec, with the same coercion rule as {@link EventJson} (so "" is refused by both). */
    private static final ObjectMapper JACKSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS).build();

    @Test
    void writesExactlyWhatInstantToStringAndJacksonWrite() throws Exception {
        for (Instant instant : samples()) {
            assertEquals(instant.toString(), IsoInstants.format(instant));
            assertEquals(JACKSON.writeValueAsString(instant), EventJson.mapper().writeValueAsString(instant));
        }
    }

    @Test
    void readsBackEveryInstantItWrites() throws Exception {
        for (Instant instant : samples()) {
            assertEquals(instant, EventJson.mapper().readValue(EventJson.toString(instant), Instant.class));
        }
    }

    @Test
    void acceptsAndRejectsTheSameTextsAsJackson() throws Exception {
        List<String> texts = List.of("\"2026-11-21T07:28:49Z\"", "\"2026-11-21T07:28:49.1Z\"", "\"2026-11-21T07:28:49.123456789Z\"",
                "\"2024-02-29T23:59:59.5Z\"", "\"2026-11-21T09:28:49+02:00\"", "\"+12026-11-21T07:28:49Z\"", "1795000000",
                "1795000000.5", "\"2026-11-21T07:28:49.Z\"", "\"2026-02-30T00:00:00Z\"", "\"2026-11-21T24:00:00Z\"",
                "\"2026-11-21T07:60:00Z\"", "\"2026-11-21 07:28:49Z\"", "\"2026-11-21T07:28:49\"", "\"yesterday\"",
                "\"2026-11-21T07:28:49.1234567890Z\"", "\"2026-1a-21T07:28:49Z\"", "\"\"");
        for (String text : texts) {
            Instant expected;
            try {
                expected = JACKSON.readValue(text, Instant.class);
            } catch (JsonProcessingException e) {
                assertThrows(JsonProcessingException.class, () -> EventJson.mapper().readValue(text, Instant.class), text);
                continue;
            }
            assertEquals(expected, EventJson.mapper().readValue(text, Instant.class), text);
        }
    }

    /** Instants of every fraction shape, whole seconds, the ends of the fast range and beyond it. */
    private static List<Instant> samples() {
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z"), Instant.parse("2024-02-29T12:00:00.000001Z"),
                Instant.parse("2026-11-21T07:28:49.100Z"), Instant.ofEpochSecond(1_795_000_000L, 1)));
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nanos));
        }
        return instants;
    }
}
