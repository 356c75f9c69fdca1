package linli.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RegistryChangesTest {
  @Test
  void readsTheTriggersPayload() {
    RegistryChanges.Change c = RegistryChanges.parse("facility|120.1,36.0,120.2,36.1|emergency_shelter,meal_point");
    assertThat(c.table()).isEqualTo("facility");
    assertThat(c.bbox()).containsExactly(120.1, 36.0, 120.2, 36.1);
    assertThat(c.categories()).isEqualTo(Set.of("emergency_shelter", "meal_point"));
  }

  @Test
  void anEmptyBoxIsEverywhereAndAStarIsAnyCategory() {
    RegistryChanges.Change c = RegistryChanges.parse("community||*");
    assertThat(c.table()).isEqualTo("community");
    assertThat(c.bbox()).isNull();
    assertThat(c.categories()).isNull();
  }

  @Test
  void readsTheFacilitiesAStatementNamed() {
    RegistryChanges.Change c = RegistryChanges.parse("facility|120.1,36.0,120.2,36.1|fitness_venue|17,4,90");
    assertThat(c.table()).isEqualTo("facility");
    assertThat(c.bbox()).containsExactly(120.1, 36.0, 120.2, 36.1);
    assertThat(c.categories()).isEqualTo(Set.of("fitness_venue"));
    assertThat(c.ids()).isEqualTo(Set.of(17L, 4L, 90L));
    // Too many rows to name, V12's payload, or ids that cannot be read: any facility of the categories.
    assertThat(RegistryChanges.parse("facility|120.1,36.0,120.2,36.1|fitness_venue|*").ids()).isNull();
    assertThat(RegistryChanges.parse("facility|120.1,36.0,120.2,36.1|fitness_venue").ids()).isNull();
    assertThat(RegistryChanges.parse("facility|120.1,36.0,120.2,36.1|fitness_venue|17,x").ids()).isNull();
    assertThat(RegistryChanges.parse("facility|120.1,36.0,120.2,36.1|fitness_venue|").ids()).isNull();
  }

  @Test
  void anythingUnreadableCountsAsAChangeEverywhere() {
    RegistryChanges.Change c = RegistryChanges.parse("garbage");
    assertThat(c.bbox()).isNull();
    assertThat(c.categories()).isNull();
    assertThat(c.ids()).isNull();
    assertThat(c.table()).as("a table no subscriber holds: each takes it as a change of its own").isEmpty();
    assertThat(RegistryChanges.parse("facility|1,2,x,4|*").bbox()).isNull();
    assertThat(RegistryChanges.parse("facility|1,2,3,4|a|5|6").categories()).isNull();
  }
}
