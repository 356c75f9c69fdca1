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
  void anythingUnreadableCountsAsAChangeEverywhere() {
    RegistryChanges.Change c = RegistryChanges.parse("garbage");
    assertThat(c.bbox()).isNull();
    assertThat(c.categories()).isNull();
    assertThat(RegistryChanges.parse("facility|1,2,x,4|*").bbox()).isNull();
  }
}
