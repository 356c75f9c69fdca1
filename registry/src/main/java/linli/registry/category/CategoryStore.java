package linli.registry.category;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads the facility categories (reference data seeded by the migrations). */
public final class CategoryStore {
  private final DataSource dataSource;

  public CategoryStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public List<Category> all() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT code, name_zh, name_en, action, default_distance_m, standard FROM category ORDER BY sort_order");
        ResultSet rs = ps.executeQuery()) {
      List<Category> categories = new ArrayList<>();
      while (rs.next()) {
        categories.add(new Category(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getInt(5), rs.getString(6)));
      }
      return categories;
    }
  }

  public Optional<Category> find(String code) throws SQLException {
    return all().stream().filter(c -> c.code().equals(code)).findFirst();
  }
}
