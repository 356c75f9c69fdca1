package linli.registry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import linli.registry.Database;
import linli.registry.RegistryChanges;

/** The registry's change feed for tests: started on its own connection and listening before it is used. */
public final class ChangeFeeds {
  private ChangeFeeds() {}

  /** A feed of {@code db}'s changes, once it listens (at most 10 s); the caller closes it. */
  public static RegistryChanges listening(Database db) throws InterruptedException {
    RegistryChanges feed = RegistryChanges.start(db::openDirect);
    for (int i = 0; i < 200 && !feed.isListening(); i++) {
      Thread.sleep(50);
    }
    assertThat(feed.isListening()).as("the change feed listens").isTrue();
    return feed;
  }
}
