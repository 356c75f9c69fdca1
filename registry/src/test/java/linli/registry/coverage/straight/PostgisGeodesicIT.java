package linli.registry.coverage.straight;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Random;
import linli.registry.Database;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link PostgisGeodesic} against PostGIS itself, from 0.1 mm to 3,000 km: never farther apart than
 * {@link PostgisGeodesic#DISAGREEMENT}, and mostly the same double.
 */
@ExtendWith(PostgisExtension.class)
class PostgisGeodesicIT {
  @Test
  void distanceIsPostgisDistanceWithinItsDisagreement(Database db) throws SQLException {
    Random random = new Random(11);
    int n = 20_000;
    Double[] lon1 = new Double[n];
    Double[] lat1 = new Double[n];
    Double[] lon2 = new Double[n];
    Double[] lat2 = new Double[n];
    for (int i = 0; i < n; i++) {
      lon1[i] = 73 + random.nextDouble() * 62;
      lat1[i] = 18 + random.nextDouble() * 35;
      double reach = Math.pow(10, -6 + random.nextDouble() * 6.5); // degrees: 0.1 mm to 3,000 km
      lon2[i] = lon1[i] + (random.nextDouble() - 0.5) * reach;
      lat2[i] = lat1[i] + (random.nextDouble() - 0.5) * reach;
    }
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT ST_Distance(ST_SetSRID(ST_MakePoint(a, b), 4490)::geography,"
            + " ST_SetSRID(ST_MakePoint(x, y), 4490)::geography) FROM unnest(?::float8[], ?::float8[], ?::float8[],"
            + " ?::float8[]) WITH ORDINALITY AS t(a, b, x, y, i) ORDER BY i")) {
      ps.setArray(1, c.createArrayOf("float8", lon1));
      ps.setArray(2, c.createArrayOf("float8", lat1));
      ps.setArray(3, c.createArrayOf("float8", lon2));
      ps.setArray(4, c.createArrayOf("float8", lat2));
      int differ = 0;
      String first = null;
      try (ResultSet rs = ps.executeQuery()) {
        for (int i = 0; i < n; i++) {
          assertThat(rs.next()).isTrue();
          double expected = rs.getDouble(1);
          double got = PostgisGeodesic.distance(lon1[i], lat1[i], lon2[i], lat2[i]);
          assertThat(Math.abs(got - expected)).as("%.17g %.17g -> %.17g %.17g", lon1[i], lat1[i], lon2[i], lat2[i])
              .isLessThanOrEqualTo(PostgisGeodesic.DISAGREEMENT / 2);
          if (got != expected) {
            differ++;
            if (first == null) {
              first = "%.17g %.17g -> %.17g %.17g: PostGIS %.17g, Java %.17g".formatted(lon1[i], lat1[i], lon2[i],
                  lat2[i], expected, got);
            }
          }
        }
      }
      // About 2 % land on the neighbouring 1e-8 m step (PostGIS's own coordinate conversions).
      assertThat(differ).as("pairs that differ, first: %s", first).isLessThan(n / 10);
    }
  }
}
