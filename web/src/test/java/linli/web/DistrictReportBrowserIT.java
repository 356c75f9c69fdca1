package linli.web;

import static linli.web.MapBrowserIT.assertNoConsoleErrors;
import static linli.web.MapBrowserIT.js;
import static linli.web.MapBrowserIT.open;
import static linli.web.MapBrowserIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** The district report's button on the map: it asks for the form's question, and the server answers a PDF. */
@ExtendWith(PostgisExtension.class)
class DistrictReportBrowserIT {
  @RegisterExtension
  static final BrowserSession session = BrowserSession.consoleChecked();
  private static RunningApp app;
  private static ChromeDriver browser;

  @BeforeAll
  static void start(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    app = session.serve(new RunningApp(db));
    browser = session.chromium();
  }

  @Test
  void oneClickOpensTheChosenDistrictsPdf() {
    open(browser, app, "?lang=en&category=emergency_shelter&distance=700&district=370202");
    assertThat(browser.findElement(By.id("report-title")).getText()).isEqualTo("District report (PDF)");
    assertThat(js(browser, "return window.linli.reportUrl"))
        .isEqualTo("api/reports/districts/370202.pdf?category=emergency_shelter&distance=700&mode=straight");
    String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
    js(browser, "const i = document.getElementById('report-since'); i.value = arguments[0];"
        + " i.dispatchEvent(new Event('change'));", today);
    String url = (String) js(browser, "return window.linli.reportUrl");
    assertThat(url).endsWith("&since=" + today);
    // Relative, so it works behind a proxy's base path; the server answers the PDF.
    assertThat(js(browser, "return fetch(window.linli.reportUrl).then(r => r.status + ' '"
        + " + r.headers.get('content-type'))")).isEqualTo("200 application/pdf");

    assertNoConsoleErrors(browser);
    String mapWindow = browser.getWindowHandle();
    browser.findElement(By.id("report-button")).click();
    waitFor(browser).until(d -> d.getWindowHandles().size() == 2);
    String opened = browser.getWindowHandles().stream().filter(h -> !h.equals(mapWindow)).findFirst().orElseThrow();
    browser.switchTo().window(opened);
    waitFor(browser).until(d -> d.getCurrentUrl().contains("/api/reports/districts/370202.pdf?"));
    assertThat(browser.getCurrentUrl()).endsWith(url.substring(url.indexOf('?')));
    browser.close();
    browser.switchTo().window(mapWindow);
    // The PDF's own tab asks for /favicon.ico, which the service does not have: the browser's 404, not the map's.
    assertNoConsoleErrors(browser, "404");
  }

  @Test
  void withoutADistrictTheButtonSaysToChooseOne() {
    open(browser, app, "?lang=en&category=emergency_shelter");
    assertThat(js(browser, "return window.linli.reportUrl")).isNull();
    assertThat(browser.findElement(By.id("report-pick")).isDisplayed()).isFalse();
    browser.findElement(By.id("report-button")).click();
    assertThat(browser.findElement(By.id("report-pick")).getText()).isEqualTo("Choose a district above first.");
    assertThat(js(browser, "return document.activeElement.id")).isEqualTo("district");
  }
}
