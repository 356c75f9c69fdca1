package linli.web;

import static linli.web.MapBrowserIT.js;
import static linli.web.MapBrowserIT.open;
import static linli.web.MapBrowserIT.screenshot;
import static linli.web.MapBrowserIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The district names on a city of many small districts (a province's overview): no two names the
 * map shows overlap on screen, the largest district's is among them, and zooming in makes room
 * for more.
 */
@ExtendWith(PostgisExtension.class)
class DistrictLabelsBrowserIT {
  private static final int COLUMNS = 14;
  private static final int ROWS = 10;
  private static final double LON0 = 120.30;
  private static final double LAT0 = 36.10;
  private static final double STEP = 0.006; // about 540 × 670 m: much narrower than a name at the opening zoom
  /** The one large district: three cells wide, along the bottom left. */
  private static final String LARGE = "Grand Harbour District";

  @RegisterExtension
  static final BrowserSession session = BrowserSession.consoleChecked();
  private static RunningApp app;
  private static ChromeDriver browser;

  @BeforeAll
  static void start(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(manyDistricts());
    app = session.serve(new RunningApp(db));
    browser = session.chromium();
  }

  @Test
  void namesShownNeverOverlapTheLargestDistrictsComeFirstAndZoomingInShowsMore() throws Exception {
    open(browser, app, "?lang=en");
    int districts = COLUMNS * ROWS - 2; // the large one takes three cells
    waitFor(browser).until(d -> ((Number) js(d, "return document.querySelectorAll('.district-label').length"))
        .intValue() == districts);
    screenshot(browser, "district-labels.png");

    List<Label> opening = shownLabels();
    assertThat(opening).as("names shown at the opening zoom").hasSizeGreaterThanOrEqualTo(5);
    assertThat(opening.size()).as("names shown at the opening zoom").isLessThan(districts);
    assertNoneOverlap(opening);
    assertThat(opening).extracting(Label::text).contains(LARGE);

    // Two zooms closer in the same centre: decided again, more names have room, still none overlap.
    js(browser, "const m = window.linli.map; m.setZoom(m.getZoom() + 2, { animate: false })");
    List<Label> closer = shownLabels();
    assertNoneOverlap(closer);
    assertThat(closer).extracting(Label::text).as("names hidden at the opening zoom, shown closer in")
        .anyMatch(text -> opening.stream().noneMatch(l -> l.text().equals(text)));

    // And back out: the names hidden again where they would overlap.
    js(browser, "const m = window.linli.map; m.setZoom(m.getZoom() - 2, { animate: false })");
    List<Label> back = shownLabels();
    assertNoneOverlap(back);
    assertThat(back).extracting(Label::text).containsExactlyInAnyOrderElementsOf(
        opening.stream().map(Label::text).toList());
  }

  /** A name as drawn: its text and its box on screen. */
  private record Label(String text, double left, double top, double right, double bottom) {
    boolean overlaps(Label o) {
      return left < o.right && o.left < right && top < o.bottom && o.top < bottom;
    }
  }

  /** The district names drawn inside the map, with their boxes (a hidden name has no box). */
  @SuppressWarnings("unchecked")
  private static List<Label> shownLabels() {
    List<List<Object>> raw = (List<List<Object>>) js(browser, """
        const map = window.linli.map.getContainer().getBoundingClientRect();
        return [...document.querySelectorAll('.district-label span')]
          .map(s => [s.textContent, s.getBoundingClientRect()])
          .filter(([, r]) => r.width > 0 && r.height > 0 && r.right > map.left && r.left < map.right
            && r.bottom > map.top && r.top < map.bottom)
          .map(([text, r]) => [text, r.left, r.top, r.right, r.bottom]);""");
    List<Label> out = new ArrayList<>();
    for (List<Object> r : raw) {
      out.add(new Label((String) r.get(0), number(r.get(1)), number(r.get(2)), number(r.get(3)), number(r.get(4))));
    }
    return out;
  }

  private static void assertNoneOverlap(List<Label> labels) {
    for (int i = 0; i < labels.size(); i++) {
      for (int j = i + 1; j < labels.size(); j++) {
        assertThat(labels.get(i).overlaps(labels.get(j))).as("%s overlaps %s", labels.get(i), labels.get(j)).isFalse();
      }
    }
  }

  private static double number(Object o) {
    return ((Number) o).doubleValue();
  }

  /**
   * COLUMNS × ROWS districts of one cell each, except the large one over the first three cells of
   * the bottom row; each with one street and one community covering it, and one open shelter in
   * the first.
   */
  private static CityData manyDistricts() {
    List<CityData.District> districts = new ArrayList<>();
    List<CityData.Street> streets = new ArrayList<>();
    List<CityData.Community> communities = new ArrayList<>();
    int n = 0;
    for (int row = 0; row < ROWS; row++) {
      for (int column = 0; column < COLUMNS; column++) {
        boolean large = row == 0 && column == 0;
        if (row == 0 && column < 3 && !large) {
          continue;
        }
        String code = String.valueOf(371000 + n);
        MultiPolygon cell = box(column, row, large ? 3 : 1);
        districts.add(new CityData.District(code, large ? LARGE : "Riverside District " + n, cell));
        streets.add(new CityData.Street(code + "001", "Street " + n, "街道", code, cell));
        communities.add(new CityData.Community(code + "001001", "Community " + n, "community", code + "001",
            1000 + 10 * n, 5, false, null, cell));
        n++;
      }
    }
    List<CityData.Facility> facilities = List.of(new CityData.Facility("emergency_shelter", "Shelter", null, "open",
        500, 750.0, communities.get(0).code(), null, "fixture", "s", FixtureCity.point(LON0 + STEP / 2, LAT0 + STEP / 2)));
    return new CityData(districts, streets, communities, facilities, List.of());
  }

  private static MultiPolygon box(int column, int row, int width) {
    double x0 = LON0 + column * STEP;
    double x1 = LON0 + (column + width) * STEP;
    double y0 = LAT0 + row * STEP;
    double y1 = y0 + STEP;
    try {
      MultiPolygon mp = (MultiPolygon) new WKTReader(FixtureCity.GEOMETRY).read(
          "MULTIPOLYGON(((%s %s, %s %s, %s %s, %s %s, %s %s)))".formatted(x0, y0, x1, y0, x1, y1, x0, y1, x0, y0));
      mp.setSRID(4490);
      return mp;
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
  }
}
