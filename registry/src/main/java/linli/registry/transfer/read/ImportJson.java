package linli.registry.transfer.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;

/**
 * Jackson as the import reads JSON (GeoJSON files, a JSON object in an {@code extra} cell): every
 * number keeps all its digits (decimals as BigDecimal with their trailing zeros, big integers
 * whole), since a value such as 120.31681234567 or an 18-digit code must arrive as written; and
 * nesting is capped, since an uploaded file is untrusted.
 */
public final class ImportJson {
  private static final int MAX_DEPTH = 256;

  private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
          .build())
      .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();
  private static final ObjectReader ONE_VALUE =
      MAPPER.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ImportJson() {}

  /** A streaming parser over text already decoded (the caller detects the file's encoding). */
  static JsonParser parser(Reader in) throws IOException {
    return MAPPER.createParser(in);
  }

  /** The value starting at the parser's current token, as a tree; the parser stops on its last token. */
  static JsonNode readValue(JsonParser parser) throws IOException {
    return MAPPER.readTree(parser);
  }

  public static ObjectNode newObject() {
    return MAPPER.createObjectNode();
  }

  /** The JSON object {@code text} as a tree, or null when the text is not exactly one JSON object. */
  public static ObjectNode object(String text) {
    try {
      return ONE_VALUE.readTree(text) instanceof ObjectNode o ? o : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Compact JSON text, numbers as they were read. */
  public static String write(JsonNode value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e); // trees read by Jackson always can
    }
  }
}
