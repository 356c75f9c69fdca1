package linli.registry.transfer;

import java.sql.Connection;
import java.sql.SQLException;

/** What a running import tells the job that runs it: its progress, and the moment before it commits. */
public interface ImportProgress {
  ImportProgress NONE = (read, valid) -> {};

  void rows(long read, long valid);

  /**
   * Called inside the import's transaction just before it commits (not for a dry run or a rejected
   * file); throwing rolls the import back. A job claims its row here, so that the job cannot be both
   * declared failed and committed.
   */
  default void beforeCommit(Connection c) throws SQLException {}
}
