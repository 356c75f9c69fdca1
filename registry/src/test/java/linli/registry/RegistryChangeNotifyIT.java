package linli.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The payloads of the change triggers (V12, V41): a facility statement is announced on
 * {@code linli_registry} exactly as V12 announced it, so servers of earlier builds read it as before,
 * and on {@code linli_registry_rows} with the ids of the facilities it touched, up to 128.
 */
@ExtendWith(PostgisExtension.class)
class RegistryChangeNotifyIT {
  @Test
  void aFacilityStatementIsAnnouncedAsBeforeAndWithTheFacilitiesItTouched(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    try (Connection listener = db.openDirect(); Connection writer = db.dataSource().getConnection()) {
      try (Statement s = listener.createStatement()) {
        s.execute("LISTEN linli_registry");
        s.execute("LISTEN linli_registry_rows");
      }
      long[] ids = ids(writer, "SELECT id FROM facility WHERE NOT deleted ORDER BY id LIMIT 2");
      execute(writer, "UPDATE facility SET category = 'fitness_venue', version = version + 1 WHERE id = " + ids[0]);
      List<PGNotification> got = notifications(listener);
      assertThat(got).hasSize(2);
      String old = got.get(0).getParameter();
      assertThat(got.get(0).getName()).isEqualTo("linli_registry");
      assertThat(old.split("\\|", -1)).as("V12's three parts").hasSize(3);
      assertThat(old).startsWith("facility|").contains("fitness_venue");
      assertThat(got.get(1).getName()).isEqualTo("linli_registry_rows");
      assertThat(got.get(1).getParameter()).isEqualTo(old + "|" + ids[0]);
      RegistryChanges.Change change = RegistryChanges.parse(got.get(1).getParameter());
      assertThat(change.ids()).containsExactly(ids[0]);
      assertThat(change.categories()).contains("fitness_venue").hasSize(2); // the old category and the new

      // An update of a facility's id names both.
      long free = ids(writer, "SELECT max(id) + 1000 FROM facility")[0];
      execute(writer, "UPDATE facility SET id = " + free + " WHERE id = " + ids[1]);
      assertThat(RegistryChanges.parse(notifications(listener).get(1).getParameter()).ids())
          .containsExactlyInAnyOrder(ids[1], free);

      // A statement of more facilities names none: '*'.
      execute(writer, "INSERT INTO facility (category, name, source, source_id, geom, updated_by) SELECT 'fitness_venue',"
          + " 'f' || i, 'notify-it', i::text, ST_SetSRID(ST_MakePoint(120.3 + i * 1e-5, 36.1), 4490), 'test'"
          + " FROM generate_series(1, 129) i");
      String many = notifications(listener).get(1).getParameter();
      assertThat(many).endsWith("|*");
      assertThat(RegistryChanges.parse(many).ids()).isNull();
      // Communities are announced on the first channel only, as before.
      execute(writer, "UPDATE community SET population = population + 1 WHERE code = (SELECT min(code) FROM community)");
      got = notifications(listener);
      assertThat(got).hasSize(1);
      assertThat(got.get(0).getName()).isEqualTo("linli_registry");
      assertThat(got.get(0).getParameter()).startsWith("community|").endsWith("|*");
    }
  }

  private static List<PGNotification> notifications(Connection listener) throws SQLException {
    List<PGNotification> out = new ArrayList<>();
    PGConnection pg = listener.unwrap(PGConnection.class);
    for (int i = 0; i < 20 && out.isEmpty(); i++) {
      PGNotification[] batch = pg.getNotifications(100);
      if (batch != null) {
        out.addAll(List.of(batch));
      }
    }
    PGNotification[] rest = pg.getNotifications(50);
    if (rest != null) {
      out.addAll(List.of(rest));
    }
    return out;
  }

  private static long[] ids(Connection c, String sql) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
