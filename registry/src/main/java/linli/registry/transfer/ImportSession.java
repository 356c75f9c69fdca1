package linli.registry.transfer;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/** What every import's transaction does the same way: open it, stream rows by COPY, end it. */
final class ImportSession {
  private ImportSession() {}

  /**
   * Starts the import's single transaction: no statement timeout (a million rows may take longer
   * than a request), and the session named so an operator can find and, if need be, cancel it.
   */
  static void begin(Connection c, String applicationName) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SET LOCAL statement_timeout = 0");
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT set_config('application_name', ?, true)")) {
      ps.setString(1, applicationName);
      ps.execute();
    }
  }

  /**
   * A writer of COPY text rows ({@link linli.registry.CopyText#writeRow}) into {@code copySql} (a
   * {@code COPY ... FROM STDIN}); closing it ends the COPY.
   */
  static Writer copy(Connection c, String copySql) throws SQLException {
    return writer(copyStream(c, copySql));
  }

  /** The COPY itself, for an import that may have to cancel it ({@link PGCopyOutputStream#cancelCopy()}). */
  static PGCopyOutputStream copyStream(Connection c, String copySql) throws SQLException {
    return new PGCopyOutputStream(c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql), 1 << 16);
  }

  /** COPY text rows into {@code copy}. */
  static Writer writer(PGCopyOutputStream copy) {
    return new BufferedWriter(new OutputStreamWriter(copy, StandardCharsets.UTF_8), 1 << 16);
  }

  /**
   * Commits when the import is to be kept (after {@code progress} has had its say, inside the
   * transaction), else rolls everything back; returns whether it committed.
   */
  static boolean end(Connection c, boolean keep, ImportProgress progress) throws SQLException {
    if (keep) {
      progress.beforeCommit(c);
      c.commit();
    } else {
      c.rollback();
    }
    return keep;
  }
}
