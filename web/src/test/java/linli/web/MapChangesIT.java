package linli.web;

import static linli.registry.testing.FixtureCity.anchor;
import static linli.registry.testing.FixtureCity.communityCode;
import static linli.web.MapBrowserIT.codes;
import static linli.web.MapBrowserIT.js;
import static linli.web.MapBrowserIT.open;
import static linli.web.MapBrowserIT.screenshot;
import static linli.web.MapBrowserIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.locationtech.jts.geom.Point;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** The change-over-time panel in the browser: a shelter opened after the fixture was loaded. */
@ExtendWith(PostgisExtension.class)
class MapChangesIT {
  @RegisterExtension
  static final BrowserSession session = BrowserSession.consoleChecked();
  private static RunningApp app;
  private static ChromeDriver browser;

  @BeforeAll
  static void start(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    Thread.sleep(5);
    Point p = FixtureCity.offset(anchor(4), 0, 300);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO facility (category, name, status, source, source_id, geom, updated_by) VALUES"
          + " ('emergency_shelter', '新避难场所', 'open', 'changes-it', 'e', ST_SetSRID(ST_MakePoint(" + p.getX() + ", "
          + p.getY() + "), 4490), 'tester')");
    }
    app = session.serve(new RunningApp(db));
    browser = session.chromium();
  }

  @Test
  void sinceTheHistoryBeganCommunity4WasGainedAndIsDrawnApart() throws Exception {
    open(browser, app, "?lang=en&category=emergency_shelter&distance=500");
    assertThat(browser.findElement(By.id("changes-title")).getText()).isEqualTo("Change over time");
    browser.findElement(By.id("changes-button")).click();
    waitFor(browser).until(d -> d.findElement(By.id("changes-result")).getText().contains("+1"));
    assertThat(browser.findElement(By.id("changes-result")).getText()).contains("people +5,000").contains("added 1");
    assertThat(codes(browser, "window.linli.changes.gained")).containsExactly(communityCode(4));
    assertThat(codes(browser, "window.linli.changes.lost")).isEmpty();
    Object drawn = js(browser, """
        const out = [];
        window.linli.map.eachLayer(l => { if (l.feature && l.feature.properties.change) out.push(
          l.feature.properties.code + ':' + l.feature.properties.change + ':' + l.options.fillColor); });
        return out.join(',');""");
    assertThat(drawn).isEqualTo(communityCode(4) + ":gained:#00838f");
    screenshot(browser, "changes.png");

    browser.findElement(By.id("changes-clear")).click();
    assertThat(js(browser, "return window.linli.changes")).isNull();
  }
}
