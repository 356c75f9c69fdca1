package linli.registry.access;

import java.util.Locale;
import java.util.Optional;

/** What a token may do: read; edit within a scope; or everything, tokens included. */
public enum Role {
  VIEWER, EDITOR, ADMIN;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String code) {
    for (Role r : values()) {
      if (r.code().equals(code)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
