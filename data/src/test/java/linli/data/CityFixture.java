package linli.data;

import linli.registry.city.CityData;

/** One generated demo city shared by the test classes of this module (generation takes ~2 s). */
final class CityFixture {
  private static CityData city;

  private CityFixture() {}

  static synchronized CityData city() {
    if (city == null) {
      city = QingdaoDemo.generate(QingdaoDemo.DEFAULT_SEED);
    }
    return city;
  }
}
