package linli.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * facility's references to category and community, checked per statement since V30 instead of by
 * row-by-row foreign keys: the same refusals (SQLSTATE 23503, the constraint's name, PostgreSQL's
 * DETAIL), the same NO ACTION on the referenced side, and no dangling reference under concurrency.
 */
@ExtendWith(PostgisExtension.class)
class FacilityReferencesIT {
  private static final String KNOWN_COMMUNITY = FixtureCity.communityCode(0);
  private static Database db;

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
  }

  private static String facility(String category, String community, String sourceId) {
    return "('" + category + "', '设施" + sourceId + "', 'references-it', '" + sourceId + "', "
        + (community == null ? "NULL" : "'" + community + "'")
        + ", ST_SetSRID(ST_MakePoint(120.305, 36.104), 4490), 'tester')";
  }

  private static String insert(String... rows) {
    return "INSERT INTO facility (category, name, source, source_id, community_code, geom, updated_by) VALUES "
        + String.join(", ", rows);
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The server's error of {@code sql}, which must fail. */
  private static ServerErrorMessage refusal(String sql) {
    PSQLException e = catchThrowableOfType(() -> execute(sql), PSQLException.class);
    assertThat((Throwable) e).as("refused: " + sql).isNotNull();
    return e.getServerErrorMessage();
  }

  private static void assertForeignKeyViolation(ServerErrorMessage m, String constraint, String detail) {
    assertThat(m.getSQLState()).isEqualTo("23503");
    assertThat(m.getConstraint()).isEqualTo(constraint);
    assertThat(m.getDetail()).isEqualTo(detail);
  }

  @Test
  void anUnknownCategoryOrCommunityIsRefusedOnInsert() throws SQLException {
    assertForeignKeyViolation(refusal(insert(facility("nope", KNOWN_COMMUNITY, "i1"))), "facility_category_fkey",
        "Key (category)=(nope) is not present in table \"category\".");
    assertForeignKeyViolation(refusal(insert(facility("emergency_shelter", "370299999999", "i2"))),
        "facility_community_code_fkey", "Key (community_code)=(370299999999) is not present in table \"community\".");
    assertThat(count("SELECT count(*) FROM facility WHERE source_id IN ('i1', 'i2')")).isZero();

    execute(insert(facility("emergency_shelter", KNOWN_COMMUNITY, "i3"), facility("fitness_venue", null, "i4")));
    assertThat(count("SELECT count(*) FROM facility WHERE source_id IN ('i3', 'i4')")).isEqualTo(2);
  }

  @Test
  void aRoleThatMayOnlyReadCategoriesAndCommunitiesWritesFacilities() throws SQLException {
    // As with a declared foreign key, the checks need no more of the writer than reading what it names.
    execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'references_it_writer') THEN"
        + " CREATE ROLE references_it_writer; END IF; END $$");
    execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO references_it_writer");
    execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO references_it_writer");
    execute("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON category, community FROM references_it_writer");
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      try {
        s.execute("SET LOCAL ROLE references_it_writer");
        s.execute(insert(facility("emergency_shelter", KNOWN_COMMUNITY, "r1")));
        PSQLException e = catchThrowableOfType(() -> s.execute(insert(facility("nope", KNOWN_COMMUNITY, "r2"))),
            PSQLException.class);
        assertThat((Throwable) e).isNotNull();
        assertForeignKeyViolation(e.getServerErrorMessage(), "facility_category_fkey",
            "Key (category)=(nope) is not present in table \"category\".");
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    } finally {
      execute("DROP OWNED BY references_it_writer");
      execute("DROP ROLE references_it_writer");
    }
  }

  @Test
  void oneBadRowOfAManyRowInsertRefusesTheWholeStatement() throws SQLException {
    assertForeignKeyViolation(refusal(insert(facility("emergency_shelter", KNOWN_COMMUNITY, "m1"),
            facility("fitness_venue", FixtureCity.communityCode(1), "m2"),
            facility("emergency_shelter", "370299999998", "m3"),
            facility("fitness_venue", null, "m4"))),
        "facility_community_code_fkey", "Key (community_code)=(370299999998) is not present in table \"community\".");
    assertThat(count("SELECT count(*) FROM facility WHERE source_id LIKE 'm%'")).isZero();
    assertThat(count("SELECT count(*) FROM facility_history h JOIN facility f ON f.id = h.facility_id"
        + " WHERE f.source_id LIKE 'm%'")).isZero();
  }

  @Test
  void anUpdateToAnUnknownCategoryOrCommunityIsRefused() throws SQLException {
    execute(insert(facility("emergency_shelter", KNOWN_COMMUNITY, "u1")));
    assertForeignKeyViolation(refusal("UPDATE facility SET category = 'nope', version = version + 1"
        + " WHERE source_id = 'u1'"),
        "facility_category_fkey", "Key (category)=(nope) is not present in table \"category\".");
    assertForeignKeyViolation(refusal("UPDATE facility SET community_code = '370299999997',"
        + " version = version + 1 WHERE source_id = 'u1'"),
        "facility_community_code_fkey", "Key (community_code)=(370299999997) is not present in table \"community\".");
    execute("UPDATE facility SET category = 'fitness_venue', community_code = NULL, version = version + 1"
        + " WHERE source_id = 'u1'");
    assertThat(count("SELECT count(*) FROM facility WHERE source_id = 'u1' AND category = 'fitness_venue'"
        + " AND community_code IS NULL")).isEqualTo(1);
  }

  @Test
  void aReferencedCategoryOrCommunityCannotBeRemovedOrRekeyed() throws SQLException {
    String community = FixtureCity.communityCode(2);
    execute("INSERT INTO category (code, name_zh, name_en, action, default_distance_m, standard, sort_order)"
        + " VALUES ('ref_it_used', '引用测试', 'reference test', 'keep', 500, 'test', 900)");
    execute(insert(facility("ref_it_used", community, "r1")));

    String categoryDetail = "Key (code)=(ref_it_used) is still referenced from table \"facility\".";
    assertForeignKeyViolation(refusal("DELETE FROM category WHERE code = 'ref_it_used'"), "facility_category_fkey",
        categoryDetail);
    assertForeignKeyViolation(refusal("UPDATE category SET code = 'ref_it_moved' WHERE code = 'ref_it_used'"),
        "facility_category_fkey", categoryDetail);
    String communityDetail = "Key (code)=(" + community + ") is still referenced from table \"facility\".";
    assertForeignKeyViolation(refusal("DELETE FROM community WHERE code = '" + community + "'"),
        "facility_community_code_fkey", communityDetail);
    assertForeignKeyViolation(refusal("UPDATE community SET code = '370202001099' WHERE code = '" + community + "'"),
        "facility_community_code_fkey", communityDetail);
    assertThat(refusal("TRUNCATE community CASCADE").getSQLState()).isEqualTo("23503");
    assertThat(count("SELECT count(*) FROM community WHERE code = '" + community + "'")).isEqualTo(1);

    // What does not take a key away still works: other columns, and keys nobody names.
    execute("UPDATE category SET name_en = 'reference test, renamed' WHERE code = 'ref_it_used'");
    execute("UPDATE community SET population = population + 1 WHERE code = '" + community + "'");
    execute("INSERT INTO category (code, name_zh, name_en, action, default_distance_m, standard, sort_order)"
        + " VALUES ('ref_it_unused', '未用测试', 'unused test', 'keep', 500, 'test', 901)");
    execute("UPDATE category SET code = 'ref_it_unused2' WHERE code = 'ref_it_unused'");
    execute("DELETE FROM category WHERE code = 'ref_it_unused2'");

    // Once no facility names it, it can go (NO ACTION: checked at the end of the statement).
    execute("UPDATE facility SET category = 'emergency_shelter', community_code = NULL, version = version + 1"
        + " WHERE source_id = 'r1'");
    execute("DELETE FROM category WHERE code = 'ref_it_used'");
    assertThat(count("SELECT count(*) FROM category WHERE code = 'ref_it_used'")).isZero();
  }

  /**
   * Under REPEATABLE READ the check sees its transaction's snapshot; it refuses only what a foreign key
   * would: a key a facility names (23503). A key nobody names goes, and so does TRUNCATE.
   */
  @Test
  void underRepeatableReadOnlyAKeyAFacilityNamesIsRefused() throws SQLException {
    execute("INSERT INTO category (code, name_zh, name_en, action, default_distance_m, standard, sort_order)"
        + " VALUES ('ref_it_rr', '快照测试', 'snapshot test', 'keep', 500, 'test', 902)");
    execute(insert(facility("emergency_shelter", KNOWN_COMMUNITY, "rr1")));
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        s.execute("UPDATE category SET name_en = 'renamed in a snapshot' WHERE code = 'ref_it_rr'");
        s.execute("DELETE FROM category WHERE code = 'ref_it_rr'");
        s.execute("SAVEPOINT named");
        PSQLException named = catchThrowableOfType(() -> s.execute("TRUNCATE community CASCADE"),
            PSQLException.class);
        assertThat((Throwable) named).as("TRUNCATE while a facility names a community").isNotNull();
        assertThat(named.getSQLState()).isEqualTo("23503");
        s.execute("ROLLBACK TO SAVEPOINT named");
        // Once no facility in the snapshot names a community, TRUNCATE goes through (V30-V33 refused it: 25000).
        s.execute("UPDATE facility SET community_code = NULL, version = version + 1 WHERE community_code IS NOT NULL");
        s.execute("TRUNCATE community CASCADE");
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM community")) {
          rs.next();
          assertThat(rs.getLong(1)).isZero();
        }
      } finally {
        c.rollback();
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        c.setAutoCommit(true);
      }
    }
    assertThat(count("SELECT count(*) FROM community")).isPositive();
    assertThat(count("SELECT count(*) FROM category WHERE code = 'ref_it_rr'")).isEqualTo(1);
  }

  /**
   * What the snapshot cannot see: a facility committed after it names the category. The delete then
   * fails as the foreign key's cross-check fails it, with a serialization error to retry (40001).
   */
  @Test
  void underRepeatableReadAFacilityCommittedAfterTheSnapshotFailsTheDeleteForARetry() throws SQLException {
    execute("INSERT INTO category (code, name_zh, name_en, action, default_distance_m, standard, sort_order)"
        + " VALUES ('ref_it_late', '迟到测试', 'late facility', 'keep', 500, 'test', 905)");
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM facility WHERE category = 'ref_it_late'")) {
          rs.next();
          assertThat(rs.getLong(1)).as("the snapshot, taken now").isZero();
        }
        execute(insert(facility("ref_it_late", null, "late1"))); // another session, committed
        PSQLException e = catchThrowableOfType(() -> s.execute("DELETE FROM category WHERE code = 'ref_it_late'"),
            PSQLException.class);
        assertThat((Throwable) e).isNotNull();
        assertThat(e.getSQLState()).isEqualTo("40001");
      } finally {
        c.rollback();
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        c.setAutoCommit(true);
      }
    }
    assertThat(count("SELECT count(*) FROM facility f WHERE NOT EXISTS"
        + " (SELECT 1 FROM category c WHERE c.code = f.category)")).isZero();
  }

  /**
   * A facility writer still in flight (an import between two statements) when a removal runs under
   * REPEATABLE READ: the removal fails at once with 40001 instead of waiting for the writer, which
   * could then name the key and wait for the removal in turn (a deadlock that PostgreSQL used to
   * resolve by aborting the import). The writer goes on and commits.
   */
  @Test
  void underRepeatableReadAFacilityWriterInFlightFailsTheRemovalAtOnceNotTheWriter() throws SQLException {
    execute("INSERT INTO category (code, name_zh, name_en, action, default_distance_m, standard, sort_order)"
        + " VALUES ('ref_it_flight', '进行中测试', 'writer in flight', 'keep', 500, 'test', 906)");
    try (Connection writer = db.dataSource().getConnection(); Statement w = writer.createStatement();
        Connection remover = db.dataSource().getConnection(); Statement r = remover.createStatement()) {
      writer.setAutoCommit(false);
      w.execute(insert(facility("elderly_care_station", null, "flight1"))); // holds the facility revision row
      remover.setAutoCommit(false);
      remover.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        r.execute("SET LOCAL lock_timeout = '20s'");
        long t0 = System.nanoTime();
        PSQLException e = catchThrowableOfType(() -> r.execute("DELETE FROM category WHERE code = 'ref_it_flight'"),
            PSQLException.class);
        assertThat((Throwable) e).isNotNull();
        assertThat(e.getSQLState()).isEqualTo("40001");
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds before the refusal").isLessThan(10);
      } finally {
        remover.rollback();
        remover.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        remover.setAutoCommit(true);
      }
      w.execute(insert(facility("ref_it_flight", null, "flight2")));
      writer.commit();
      writer.setAutoCommit(true);
    }
    assertThat(count("SELECT count(*) FROM facility WHERE source_id IN ('flight1', 'flight2')")).isEqualTo(2);
    execute("DELETE FROM facility WHERE source_id IN ('flight1', 'flight2')");
  }

  /**
   * An UPDATE that keeps every key (an import's upsert of every community) checks nothing: as a
   * foreign key skips rows whose key did not change, the check reads only the statement's old and
   * new rows, never the table again (V30 probed it once per old row, or scanned it whole).
   */
  @Test
  void anUpdateThatKeepsEveryKeyDoesNotReadTheTableAgain() throws SQLException {
    for (String table : new String[] {"community", "category"}) {
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        c.setAutoCommit(false);
        try {
          long rows;
          try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            rows = rs.getLong(1);
          }
          String reads = "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_xact_user_tables"
              + " WHERE relname = '" + table + "'";
          long before;
          try (ResultSet rs = s.executeQuery(reads)) {
            rs.next();
            before = rs.getLong(1);
          }
          String column = table.equals("community") ? "population" : "sort_order";
          assertThat((long) s.executeUpdate("UPDATE " + table + " SET " + column + " = " + column + " + 1")).isEqualTo(rows);
          try (ResultSet rs = s.executeQuery(reads)) {
            rs.next();
            assertThat(rs.getLong(1) - before).as("scans of " + table + " by an UPDATE of its " + rows
                + " rows, its triggers included").isEqualTo(1);
          }
        } finally {
          c.rollback();
          c.setAutoCommit(true);
        }
      }
    }
  }

  /**
   * The race a foreign key closes with its KEY SHARE lock: one transaction inserts a facility of a
   * category and has not committed; another deletes the category. The delete waits, then fails if
   * the insert committed and goes through if it rolled back; never a facility without its category.
   */
  @Test
  void aConcurrentDeleteWaitsForTheInsertAndNeverLeavesADanglingReference() throws Exception {
    for (boolean insertCommits : new boolean[] {true, false}) {
      String code = "ref_it_race_" + insertCommits;
      execute("INSERT INTO category (code, name_zh, name_en, action, default_distance_m, standard, sort_order)"
          + " VALUES ('" + code + "', '并发" + insertCommits + "', 'race', 'keep', 500, 'test', 903)");
      CompletableFuture<Void> delete;
      try (Connection inserter = db.dataSource().getConnection(); Statement s = inserter.createStatement()) {
        inserter.setAutoCommit(false);
        s.execute(insert(facility(code, KNOWN_COMMUNITY, "race-" + insertCommits)));
        delete = CompletableFuture.runAsync(() -> {
          try {
            execute("DELETE FROM category WHERE code = '" + code + "'");
          } catch (SQLException e) {
            throw new RuntimeException(e);
          }
        });
        awaitLockWait("DELETE FROM category");
        assertThat(delete).as("the delete waits for the inserting transaction").isNotDone();
        if (insertCommits) {
          inserter.commit();
        } else {
          inserter.rollback();
        }
      }
      if (insertCommits) {
        ExecutionException e = catchThrowableOfType(() -> delete.get(30, TimeUnit.SECONDS), ExecutionException.class);
        assertThat(e).as("the delete fails once the facility is committed").isNotNull();
        assertThat(((SQLException) e.getCause().getCause()).getSQLState()).isEqualTo("23503");
        assertThat(count("SELECT count(*) FROM category WHERE code = '" + code + "'")).isEqualTo(1);
      } else {
        delete.get(30, TimeUnit.SECONDS);
        assertThat(count("SELECT count(*) FROM category WHERE code = '" + code + "'")).isZero();
      }
    }
    assertThat(count("SELECT count(*) FROM facility f WHERE NOT EXISTS"
        + " (SELECT 1 FROM category c WHERE c.code = f.category)")).isZero();
  }

  /** The other order: the delete has not committed; an insert naming the category waits, then fails. */
  @Test
  void anInsertWaitsForAConcurrentDeleteAndFailsWhenItCommits() throws Exception {
    execute("INSERT INTO category (code, name_zh, name_en, action, default_distance_m, standard, sort_order)"
        + " VALUES ('ref_it_deleted', '删除中', 'being deleted', 'keep', 500, 'test', 904)");
    CompletableFuture<Void> insert;
    try (Connection deleter = db.dataSource().getConnection(); Statement s = deleter.createStatement()) {
      deleter.setAutoCommit(false);
      s.execute("DELETE FROM category WHERE code = 'ref_it_deleted'");
      insert = CompletableFuture.runAsync(() -> {
        try {
          execute(insert(facility("ref_it_deleted", null, "after-delete")));
        } catch (SQLException e) {
          throw new RuntimeException(e);
        }
      });
      awaitLockWait("INSERT INTO facility");
      assertThat(insert).isNotDone();
      deleter.commit();
    }
    ExecutionException e = catchThrowableOfType(() -> insert.get(30, TimeUnit.SECONDS), ExecutionException.class);
    assertThat(e).isNotNull();
    PSQLException cause = (PSQLException) e.getCause().getCause();
    assertForeignKeyViolation(cause.getServerErrorMessage(), "facility_category_fkey",
        "Key (category)=(ref_it_deleted) is not present in table \"category\".");
    assertThat(count("SELECT count(*) FROM facility WHERE source_id = 'after-delete'")).isZero();
  }

  /**
   * A statement naming many communities (an import; more than linli.reference_table_lock_above,
   * lowered here) takes community in SHARE mode instead of a KEY SHARE lock per row (V37): an edit of
   * any community, named or not, waits until that transaction ends; the refusals are the same.
   */
  @Test
  void aStatementNamingManyCommunitiesTakesTheTableAndACommunityEditWaitsForIt() throws Exception {
    String notNamed = FixtureCity.communityCode(4);
    CompletableFuture<Void> edit;
    try (Connection importer = db.dataSource().getConnection(); Statement s = importer.createStatement()) {
      importer.setAutoCommit(false);
      s.execute("SET LOCAL linli.reference_table_lock_above = 1");
      s.execute(insert(facility("emergency_shelter", FixtureCity.communityCode(0), "table-lock-1"),
          facility("fitness_venue", FixtureCity.communityCode(1), "table-lock-2")));
      assertThat(communityLocks(importer)).contains("ShareLock").doesNotContain("RowShareLock");
      edit = CompletableFuture.runAsync(() -> {
        try {
          execute("UPDATE community SET population = population + 1 WHERE code = '" + notNamed + "'");
        } catch (SQLException e) {
          throw new RuntimeException(e);
        }
      });
      awaitLockWait("UPDATE community");
      assertThat(edit).as("the community edit waits for the importing transaction").isNotDone();
      importer.commit();
    }
    edit.get(30, TimeUnit.SECONDS);
    assertThat(count("SELECT count(*) FROM facility WHERE source_id IN ('table-lock-1', 'table-lock-2')")).isEqualTo(2);

    // The same refusals with the table lock: the category first, then the smallest missing community.
    assertForeignKeyViolation(refusalWithTableLock(insert(
            facility("emergency_shelter", KNOWN_COMMUNITY, "table-lock-3"),
            facility("fitness_venue", "370299999996", "table-lock-4"),
            facility("fitness_venue", "370299999995", "table-lock-5"))),
        "facility_community_code_fkey", "Key (community_code)=(370299999995) is not present in table \"community\".");
    assertForeignKeyViolation(refusalWithTableLock(insert(facility("nope", "370299999994", "table-lock-6"))),
        "facility_category_fkey", "Key (category)=(nope) is not present in table \"category\".");
    assertThat(count("SELECT count(*) FROM facility WHERE source_id LIKE 'table-lock-%'")).isEqualTo(2);
  }

  /** A statement of few communities (a single edit) keeps row locks: community edits go on meanwhile. */
  @Test
  void aStatementNamingFewCommunitiesKeepsRowLocksAndHoldsNoCommunityEditUp() throws Exception {
    String named = FixtureCity.communityCode(3);
    try (Connection editor = db.dataSource().getConnection(); Statement s = editor.createStatement()) {
      editor.setAutoCommit(false);
      s.execute(insert(facility("emergency_shelter", named, "few-1"), facility("fitness_venue", named, "few-2")));
      assertThat(communityLocks(editor)).contains("RowShareLock").doesNotContain("ShareLock");
      // Not even the community it names waits (KEY SHARE lets other columns change).
      CompletableFuture.runAsync(() -> {
        try {
          execute("UPDATE community SET population = population + 1 WHERE code = '" + named + "'");
        } catch (SQLException e) {
          throw new RuntimeException(e);
        }
      }).get(30, TimeUnit.SECONDS);
      editor.rollback();
    }
  }

  /**
   * With a community writer in flight, a statement of many communities does not wait for it: it
   * takes row locks as a small one does (the table lock is asked NOWAIT); so does any statement
   * outside READ COMMITTED, whose snapshot a table lock would not make current.
   */
  @Test
  void aStatementNamingManyCommunitiesFallsBackToRowLocksRatherThanWait() throws Exception {
    String[] rows = {facility("emergency_shelter", FixtureCity.communityCode(0), "busy-1"),
        facility("fitness_venue", FixtureCity.communityCode(1), "busy-2")};
    try (Connection writer = db.dataSource().getConnection(); Statement w = writer.createStatement();
        Connection importer = db.dataSource().getConnection(); Statement s = importer.createStatement()) {
      writer.setAutoCommit(false);
      w.execute("UPDATE community SET population = population + 1 WHERE code = '" + FixtureCity.communityCode(5) + "'");
      importer.setAutoCommit(false);
      s.execute("SET LOCAL linli.reference_table_lock_above = 1");
      s.execute("SET LOCAL lock_timeout = '10s'"); // a wait fails the test instead of hanging it
      s.execute(insert(rows));
      assertThat(communityLocks(importer)).contains("RowShareLock").doesNotContain("ShareLock");
      importer.rollback();
      writer.rollback();
    }
    try (Connection importer = db.dataSource().getConnection(); Statement s = importer.createStatement()) {
      importer.setAutoCommit(false);
      s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      s.execute("SET LOCAL linli.reference_table_lock_above = 1");
      s.execute(insert(rows));
      assertThat(communityLocks(importer)).contains("RowShareLock").doesNotContain("ShareLock");
      importer.rollback();
    }
  }

  /**
   * A threshold that is not a plain number counts as the default (V39): V37 cast it for every
   * statement, so a value like 'abc' in a session, a role or postgresql.conf failed every facility write.
   */
  @Test
  void aMalformedEscalationThresholdCountsAsTheDefault() throws Exception {
    String[] values = {"abc", "2000.0", "3000000000", " ", "-1"};
    for (int i = 0; i < values.length; i++) {
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        c.setAutoCommit(false);
        s.execute("SET LOCAL linli.reference_table_lock_above = '" + values[i] + "'");
        s.execute(insert(facility("emergency_shelter", FixtureCity.communityCode(2), "lenient-" + i)));
        assertThat(communityLocks(c)).as("threshold '%s'", values[i]).contains("RowShareLock").doesNotContain("ShareLock");
        c.rollback();
      }
    }
  }

  /** The server's error of {@code sql}, which must fail, run as a statement that takes the table lock. */
  private static ServerErrorMessage refusalWithTableLock(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      try {
        s.execute("SET LOCAL linli.reference_table_lock_above = 0");
        PSQLException e = catchThrowableOfType(() -> s.execute(sql), PSQLException.class);
        assertThat((Throwable) e).as("refused: " + sql).isNotNull();
        return e.getServerErrorMessage();
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    }
  }

  /** The modes in which {@code c}'s session holds locks on table community. */
  private static List<String> communityLocks(Connection c) throws SQLException {
    List<String> modes = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT mode FROM pg_locks"
        + " WHERE relation = 'community'::regclass AND pid = pg_backend_pid() AND granted")) {
      while (rs.next()) {
        modes.add(rs.getString(1));
      }
    }
    return modes;
  }

  /** Waits until a session running {@code statement} waits for a lock (at most 30 s). */
  private static void awaitLockWait(String statement) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '"
        + statement + "%'") == 0) {
      assertThat(System.nanoTime()).as("a session waits on a lock running " + statement).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
