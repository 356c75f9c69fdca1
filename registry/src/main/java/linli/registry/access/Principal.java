package linli.registry.access;

import java.util.List;

/**
 * Who is asking: a named token with a role and, for editors, a scope (null lists mean no limit).
 * {@code districts} are 6-digit district codes.
 */
public record Principal(String name, Role role, List<String> categories, List<String> districts) {
  public static Principal admin(String name) {
    return new Principal(name, Role.ADMIN, null, null);
  }

  public boolean canWrite() {
    return role == Role.EDITOR || role == Role.ADMIN;
  }

  /** Whether a facility of {@code category} in {@code district} (may be null: unknown) is within scope. */
  public boolean covers(String category, String district) {
    if (role == Role.ADMIN) {
      return true;
    }
    if (role != Role.EDITOR) {
      return false;
    }
    boolean categoryOk = categories == null || categories.contains(category);
    boolean districtOk = districts == null || (district != null && districts.contains(district));
    return categoryOk && districtOk;
  }

  public boolean unrestricted() {
    return role == Role.ADMIN || (role == Role.EDITOR && categories == null && districts == null);
  }
}
