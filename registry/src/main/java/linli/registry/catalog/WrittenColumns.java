package linli.registry.catalog;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Puts the columns of a layer's properties written as given ({@link Layer#written()}) into the
 * write statements' {@code .sql} text, so that a property declared in the catalogue is inserted,
 * updated, restored and imported without a statement being edited. Placeholders, each for every
 * such column in declaration order, joined by commas:
 * <ul>
 *   <li>{@code {{written}}}: {@code name, address}; {@code {{written s.}}}: {@code s.name, s.address};
 *       {@code {{written :}}}: the named parameters {@code :name, :address};
 *   <li>{@code {{set r.}}}: {@code name = r.name, ...}; {@code {{set :}}}: {@code name = :name, ...};
 *   <li>{@code {{columns}}}: column definitions of a staging table, {@code name text, ...}.
 * </ul>
 */
public final class WrittenColumns {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(written|set|columns)(?: ([a-z]\\.|:))?}}");

  private WrittenColumns() {}

  /** {@code sql} with every placeholder replaced for {@code layer}; an unknown placeholder is left for the parser to refuse. */
  public static String fill(Layer layer, String sql) {
    List<Property> written = layer.written();
    Matcher m = PLACEHOLDER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String prefix = m.group(2) == null ? "" : m.group(2);
      String text = switch (m.group(1)) {
        case "written" -> join(written, p -> prefix + p.name());
        case "set" -> join(written, p -> p.name() + " = " + prefix + p.name());
        default -> join(written, p -> p.name() + " " + p.type().sqlType());
      };
      m.appendReplacement(out, Matcher.quoteReplacement(text));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The columns as a comma-separated list (a COPY column list), in declaration order. */
  public static String list(Layer layer) {
    return join(layer.written(), Property::name);
  }

  private static String join(List<Property> written, java.util.function.Function<Property, String> each) {
    return written.stream().map(each).collect(Collectors.joining(", "));
  }
}
