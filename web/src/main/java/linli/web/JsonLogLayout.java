package linli.web;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * Logback layout for every log line (see logback.xml): {@code text} for people, or one JSON object a
 * line ({@code LINLI_LOG_FORMAT=json}) with time, level, logger, thread, message, the request id
 * when there is one, the event's key-value pairs (the request log's method, route, status,
 * duration_ms, principal) and the stack trace as a string.
 */
public final class JsonLogLayout extends LayoutBase<ILoggingEvent> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TEXT_SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
  /** The last second a text line was stamped with, formatted: formatting each time cost a request a few per cent. */
  private static volatile StampedSecond lastSecond = new StampedSecond(Long.MIN_VALUE, "");
  /** Already in the request log's text message. */
  private static final Set<String> SHOWN_IN_MESSAGE = Set.of("method", "route", "path", "status", "duration_ms");

  private static volatile LogFormat format = fromEnvironment();

  /** Switches every log line of the process (the app calls it with its configuration). */
  static void use(LogFormat newFormat) {
    format = newFormat;
  }

  private static LogFormat fromEnvironment() {
    try {
      return LogFormat.parse(System.getenv("LINLI_LOG_FORMAT"));
    } catch (IllegalArgumentException e) {
      return LogFormat.TEXT; // the configuration check reports it
    }
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    return format == LogFormat.JSON ? json(event) : text(event);
  }

  private static String json(ILoggingEvent event) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    line.put("level", event.getLevel().toString());
    line.put("logger", event.getLoggerName());
    line.put("thread", event.getThreadName());
    line.put("message", event.getFormattedMessage());
    String requestId = event.getMDCPropertyMap().get("request_id");
    if (requestId != null) {
      line.put("request_id", requestId);
    }
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair kv : event.getKeyValuePairs()) {
        line.put(kv.key, kv.value);
      }
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.put("exception", ThrowableProxyUtil.asString(thrown));
    }
    try {
      return JSON.writeValueAsString(line) + CoreConstants.LINE_SEPARATOR;
    } catch (JsonProcessingException e) {
      return "{\"level\":\"ERROR\",\"message\":\"unloggable event\"}" + CoreConstants.LINE_SEPARATOR;
    }
  }

  private record StampedSecond(long epochSecond, String text) {}

  /** {@code yyyy-MM-dd HH:mm:ss.SSS} in the system's zone (an offset never changes within a second). */
  static void appendTextTime(StringBuilder b, long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    StampedSecond stamped = lastSecond;
    if (stamped.epochSecond() != second) {
      stamped = new StampedSecond(second, TEXT_SECOND.format(Instant.ofEpochSecond(second)));
      lastSecond = stamped;
    }
    int millis = (int) Math.floorMod(epochMillis, 1000);
    b.append(stamped.text()).append('.');
    if (millis < 100) {
      b.append('0');
    }
    if (millis < 10) {
      b.append('0');
    }
    b.append(millis);
  }

  private static String text(ILoggingEvent event) {
    StringBuilder b = new StringBuilder(256);
    appendTextTime(b, event.getTimeStamp());
    b.append(' ').append(event.getLevel())
        .append(" [").append(event.getThreadName()).append("] ").append(event.getLoggerName()).append(" - ")
        .append(event.getFormattedMessage());
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair kv : event.getKeyValuePairs()) {
        if (!SHOWN_IN_MESSAGE.contains(kv.key) && kv.value != null) {
          b.append(' ').append(kv.key).append('=').append(kv.value);
        }
      }
    }
    b.append(CoreConstants.LINE_SEPARATOR);
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      b.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
    }
    return b.toString();
  }
}
