package linli.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads {@code qingdao_divisions.csv}: the real NBS 2023 street (乡级) and community (村级) rows.
 * The file has no quoted fields (names contain no commas), so a plain split is enough.
 */
final class DivisionCsv {
  static final String RESOURCE = "/linli/data/qingdao/qingdao_divisions.csv";

  /** A 乡级 row; {@code kind} is 街道, 镇 or 其他 (the CSV's parenthetical gloss is dropped). */
  record StreetRow(String code, String name, String kind, String districtCode) {}

  /**
   * A 村级 row; {@code kind} is {@code village} for 村委会 rows and {@code community} otherwise,
   * {@code shortName} is the everyday name used in facility names (八大峡社区, 双岭村).
   */
  record CommunityRow(
      String code, String name, String kind, String streetCode, String districtCode, String shortName) {
    boolean village() {
      return "village".equals(kind);
    }
  }

  record Divisions(List<StreetRow> streets, List<CommunityRow> communities) {}

  private DivisionCsv() {}

  static Divisions read() {
    List<StreetRow> streets = new ArrayList<>();
    List<CommunityRow> communities = new ArrayList<>();
    try (InputStream in = DivisionCsv.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + RESOURCE);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String header = r.readLine();
      if (header == null || !header.startsWith("level,code,name,parent_code")) {
        throw new IllegalStateException("unexpected header in " + RESOURCE + ": " + header);
      }
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank()) {
          continue;
        }
        // level,code,name,parent_code,parent_name,district_code,district_name,kind,kind_by_code
        String[] f = line.split(",", -1);
        if (f.length != 9) {
          throw new IllegalStateException("bad row in " + RESOURCE + ": " + line);
        }
        switch (f[0]) {
          case "street" -> streets.add(new StreetRow(f[1], f[2], streetKind(f[7]), f[5]));
          case "community" ->
              communities.add(
                  new CommunityRow(
                      f[1], f[2], "村委会".equals(f[7]) ? "village" : "community", f[3], f[5],
                      shortName(f[2])));
          default -> throw new IllegalStateException("bad level in " + RESOURCE + ": " + line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    streets.sort(Comparator.comparing(StreetRow::code));
    communities.sort(Comparator.comparing(CommunityRow::code));
    return new Divisions(List.copyOf(streets), List.copyOf(communities));
  }

  static String streetKind(String csvKind) {
    int paren = csvKind.indexOf('(');
    return paren < 0 ? csvKind : csvKind.substring(0, paren);
  }

  /** 八大峡社区居民委员会 → 八大峡社区, 振华路居委会 → 振华路社区, 双岭村村民委员会 → 双岭村. */
  static String shortName(String name) {
    for (String s : new String[] {"村民委员会", "村民委会", "村委会"}) {
      if (name.endsWith(s)) {
        String base = name.substring(0, name.length() - s.length());
        return base.endsWith("村") ? base : base + "村";
      }
    }
    for (String s : new String[] {"社区居民委员会", "社区居委会", "居民委员会", "居委会"}) {
      if (name.endsWith(s)) {
        return name.substring(0, name.length() - s.length()) + "社区";
      }
    }
    return name;
  }
}
