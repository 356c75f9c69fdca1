package linli.web;

import static linli.registry.testing.FixtureCity.anchor;
import static linli.registry.testing.FixtureCity.communityCode;
import static linli.registry.testing.FixtureCity.offset;
import static linli.web.MapBrowserIT.assertNoConsoleErrors;
import static linli.web.MapBrowserIT.clickMapAt;
import static linli.web.MapBrowserIT.codes;
import static linli.web.MapBrowserIT.js;
import static linli.web.MapBrowserIT.open;
import static linli.web.MapBrowserIT.screenshot;
import static linli.web.MapBrowserIT.shown;
import static linli.web.MapBrowserIT.viewport;
import static linli.web.MapBrowserIT.waitFor;
import static linli.web.MapBrowserIT.waitUntilReady;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/** What-if and suggested sites in the browser, over the fixture city (nothing is stored). */
@ExtendWith(PostgisExtension.class)
class MapPlanningIT {
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

  private static String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  /**
   * Records, from now on, every request the page makes through fetch() and how the browser's fetch
   * ended: "ok" (an answer came, whatever its status), "AbortError" (the page aborted it) or another
   * error's name. Read back with {@link #fetched}.
   */
  private static void recordFetches() {
    js(browser, """
        window.fetched = [];
        if (!window.realFetch) window.realFetch = window.fetch;
        window.fetch = function (url, options) {
          const entry = { url: String(url), outcome: 'pending' };
          window.fetched.push(entry);
          const answer = window.realFetch.apply(this, arguments);
          answer.then(() => { entry.outcome = 'ok'; }, e => { entry.outcome = e.name; });
          return answer;
        };""");
  }

  /** "outcome url" of each request recorded whose URL contains {@code part}, in the order asked. */
  @SuppressWarnings("unchecked")
  private static List<String> fetched(String part) {
    return (List<String>) js(browser, """
        return window.fetched.filter(f => f.url.includes(arguments[0])).map(f => f.outcome + ' ' + f.url);""", part);
  }

  @Test
  void aSiteAtCommunity2sOfficeCoversItsPeople() throws Exception {
    open(browser, app, "?lang=en");
    browser.findElement(By.id("whatif-toggle")).click();
    assertThat(browser.findElement(By.id("whatif-toggle")).getAttribute("aria-pressed")).isEqualTo("true");
    clickMapAt(browser, anchor(2).getX(), anchor(2).getY());
    waitFor(browser).until(d -> text("whatif-result").contains("+3,000"));
    // Before → after: 1,000 → 4,000 people, 1 → 2 communities; community 2 is the one won.
    assertThat(text("whatif-people")).isEqualTo("1,000 → 4,000");
    assertThat(text("whatif-result")).contains("1 → 2").contains("社区2");
    assertThat(browser.findElement(By.cssSelector("#whatif-result .code-list.gained li")).getAttribute("data-code"))
        .isEqualTo(communityCode(2));
    assertThat(codes(browser, "window.linli.whatIf.newly_covered")).containsExactly(communityCode(2));
    // Painted distinctly on the map.
    waitFor(browser).until(d -> "#00876c".equals(js(d, "return window.linli.drawnFills[arguments[0]]", communityCode(2))));
    // The README's picture (docs/screenshots/whatif.png): the site's area drawn, its box on the map says so.
    waitFor(browser).until(d -> d.findElement(By.id("service-area-box")).isDisplayed());
    assertThat(browser.findElements(By.cssSelector("#whatif-result .proposal-items li[data-site]"))).hasSize(1);
    screenshot(browser, "whatif.png");

    // A second site at community 4 adds its 5,000 people to the proposal.
    clickMapAt(browser, anchor(4).getX(), anchor(4).getY());
    waitFor(browser).until(d -> text("whatif-result").contains("+8,000"));

    browser.findElement(By.id("whatif-clear")).click();
    assertThat(text("whatif-result")).isEmpty();
    assertThat(js(browser, "return window.linli.whatIf")).isNull();
    assertThat(browser.findElements(By.cssSelector(".site-marker"))).isEmpty();
  }

  @Test
  void closingAnOpenShelterShowsWhoLosesCover() {
    open(browser, app);
    Point shelterA = offset(anchor(0), 0, 400);
    clickMapAt(browser, shelterA.getX(), shelterA.getY());
    shown(browser, ".facility-popup .close-link").click();
    waitFor(browser).until(d -> text("whatif-result").contains("−1,000"));
    assertThat(codes(browser, "window.linli.whatIf.newly_uncovered")).containsExactly(communityCode(0));
    assertThat(text("whatif-result")).contains("避难场所a").contains("社区0");
    browser.findElement(By.id("whatif-clear")).click();
  }

  @Test
  void oneSuggestedSiteAt1100MetresCovers15000People() {
    open(browser, app);
    var distance = browser.findElement(By.id("distance"));
    distance.sendKeys(Keys.chord(Keys.CONTROL, "a"), "1100");
    browser.findElement(By.cssSelector("#controls button")).click();
    waitFor(browser).until(d -> d.findElement(By.id("community-count")).getText().equals("2 / 6"));
    waitUntilReady(browser);
    // A hand-placed site at community 2's office first: at 1,100 m it wins communities 2 and 3.
    browser.findElement(By.id("whatif-toggle")).click();
    clickMapAt(browser, anchor(2).getX(), anchor(2).getY());
    waitFor(browser).until(d -> text("whatif-result").contains("+7,000"));
    browser.findElement(By.id("whatif-toggle")).click();
    var k = browser.findElement(By.id("suggest-k"));
    k.sendKeys(Keys.chord(Keys.CONTROL, "a"), "1");
    browser.findElement(By.id("suggest-button")).click();
    waitFor(browser).until(d -> !d.findElements(By.cssSelector("#suggest-result li")).isEmpty());
    assertThat(browser.findElements(By.cssSelector("#suggest-result li"))).hasSize(1);
    assertThat(browser.findElement(By.cssSelector("#suggest-result li")).getText()).contains("15,000").contains("3");
    assertThat(browser.findElements(By.cssSelector(".suggest-marker"))).hasSize(1);

    // The suggestion joins the hand-placed site in the proposal: communities 3, 4 and 5 (15,000) and
    // community 2 (3,000); had it replaced the hand-placed site, the gain would be 15,000.
    browser.findElement(By.id("suggest-use")).click();
    waitFor(browser).until(d -> text("whatif-result").contains("+18,000"));
    assertThat(browser.findElements(By.cssSelector(".site-marker"))).hasSize(2);
    // Taken again, the same suggested site is not proposed twice.
    browser.findElement(By.id("suggest-use")).click();
    waitFor(browser).until(d -> text("whatif-result").contains("+18,000"));
    assertThat(browser.findElements(By.cssSelector(".site-marker"))).hasSize(2);
    assertThat(js(browser, "return new URLSearchParams(location.search).get('sites').split(';').length"))
        .isEqualTo(2L);
    browser.findElement(By.id("whatif-clear")).click();
  }

  @Test
  void suggestionsAlongTheNetworkAnswerWithoutErrors() {
    // The fixture has no roads: no site can reach anyone along them, so the answer is "none".
    open(browser, app);
    new Select(browser.findElement(By.id("mode"))).selectByValue("network");
    waitUntilReady(browser);
    browser.findElement(By.id("suggest-button")).click();
    waitFor(browser).until(d -> text("suggest-result").contains("没有能增加覆盖的位置"));
    assertThat(browser.findElement(By.id("suggest-result")).getAttribute("class")).contains("notice")
        .doesNotContain("error");
    assertThat(browser.findElements(By.cssSelector(".suggest-marker"))).isEmpty();
    assertNoConsoleErrors(browser);
  }

  /**
   * Nothing in the side panel moves under a click once the map is ready. A click (WebDriver's, or a
   * planner's hand) is aimed first and lands after; the facilities are counted on their own once the
   * map is ready (COUNT_DELAY_MS later, 0.3-2 s at province scale), and their line, empty until then,
   * used to appear above the suggest button and push it 24 px down under a click already aimed, so
   * the press fell beside it and no suggestion was asked. Seen with the whole panel in view (here a
   * tall window): scrolled, the browser's scroll anchoring happens to hide the jump.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aClickAimedAtSuggestWhenTheMapIsReadyLandsOnItAfterTheFacilitiesAreCounted() {
    viewport(browser, 1280, 1400);
    try {
      open(browser, app);
      // Aimed now: the button's centre, in view without scrolling.
      List<Number> aim = (List<Number>) js(browser, """
          const r = document.getElementById('suggest-button').getBoundingClientRect();
          return [r.left + r.width / 2, r.top + r.height / 2, window.innerHeight];""");
      assertThat(aim.get(1).doubleValue()).isLessThan(aim.get(2).doubleValue());
      // What the page does on its own after it is ready: the category's four facilities are counted.
      waitFor(browser).until(d -> ((Number) js(d, "return window.linli.facilityCount")).intValue() == 4);
      assertThat(((Number) js(browser, "const r = document.getElementById('suggest-button').getBoundingClientRect();"
          + " return r.top + r.height / 2")).doubleValue()).as("the suggest button's centre, aimed at when ready")
          .isEqualTo(aim.get(1).doubleValue());
      new Actions(browser).moveToLocation((int) Math.round(aim.get(0).doubleValue()),
          (int) Math.round(aim.get(1).doubleValue())).click().perform();
      waitFor(browser).until(d -> !d.findElements(By.cssSelector("#suggest-result li")).isEmpty());
    } finally {
      viewport(browser, 1280, 800);
    }
  }

  /**
   * A suggestion asked just before the question changes is answered for the new question once the map
   * has it: the refresh used to clear the panel and drop the answer on its way, and the planner's
   * click came to nothing. Straight, 500 m: three sites; along the (absent) roads: none.
   */
  @Test
  void aSuggestionAskedJustBeforeTheModeChangesIsAnsweredForTheNewMode() {
    open(browser, app);
    recordFetches();
    // Asked, and the mode changed before any answer can come (one script: however slow the machine,
    // the suggestion is still on its way when the mode's refresh starts).
    js(browser, """
        document.getElementById('suggest-button').click();
        const mode = document.getElementById('mode');
        mode.value = 'network';
        mode.dispatchEvent(new Event('change'));""");
    waitUntilReady(browser);
    waitFor(browser).until(d -> text("suggest-result").contains("没有能增加覆盖的位置"));
    assertThat(browser.findElements(By.cssSelector(".suggest-marker"))).isEmpty();
    // The straight-line suggestion was not left running for nothing: the page aborted it (the
    // browser's fetch rejected with AbortError), without a word to the planner; the network one answered.
    assertThat(fetched("api/coverage/suggest?")).satisfiesExactly(
        straight -> assertThat(straight).startsWith("AbortError ").doesNotContain("mode=network"),
        network -> assertThat(network).startsWith("ok ").contains("mode=network"));
    assertThat(browser.findElement(By.id("suggest-result")).getAttribute("class")).doesNotContain("error");
  }

  /**
   * A question replaced before its answer came: its coverage request is aborted, not left to run on
   * the server, and the planner sees no error. Meanwhile the summary keeps the last answer, greyed
   * and aria-busy, at its height: it used to become a one-line "computing" notice at every question,
   * and the panel below it jumped up and back under the pointer.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aReplacedQuestionIsAbortedAndTheSummaryKeepsItsPlaceMeanwhile() {
    open(browser, app, "?lang=en");
    assertThat(text("community-count")).isEqualTo("1 / 6");
    recordFetches();
    // 700 m asked, then 500 m before 700's answer can come (one script, so however slow the machine).
    Map<String, Object> during = (Map<String, Object>) js(browser, """
        const summary = document.getElementById('summary');
        const below = () => document.getElementById('suggest-button').getBoundingClientRect().top;
        const before = { height: summary.getBoundingClientRect().height, below: below() };
        const distance = document.getElementById('distance');
        distance.value = '700';
        document.getElementById('controls').requestSubmit();
        distance.value = '500';
        document.getElementById('controls').requestSubmit();
        const share = document.getElementById('share'); // the last answer's share, if still there
        return { before, height: summary.getBoundingClientRect().height, below: below(),
          busy: summary.getAttribute('aria-busy'), text: summary.textContent,
          opacity: share ? getComputedStyle(share).opacity : '' };""");
    Map<String, Number> before = (Map<String, Number>) during.get("before");
    assertThat(((Number) during.get("height")).doubleValue()).as("the summary's height while computing")
        .isEqualTo(before.get("height").doubleValue());
    assertThat(((Number) during.get("below")).doubleValue()).as("the suggest button's top while computing")
        .isEqualTo(before.get("below").doubleValue());
    assertThat(during.get("busy")).isEqualTo("true");
    assertThat((String) during.get("text")).contains("1 / 6");
    assertThat((String) during.get("opacity")).as("the share, greyed").isNotEmpty();
    assertThat(Double.parseDouble((String) during.get("opacity"))).as("the share, greyed").isLessThan(1);
    waitUntilReady(browser);
    assertThat(text("community-count")).isEqualTo("1 / 6");
    assertThat(browser.findElement(By.id("summary")).getAttribute("aria-busy")).isNull();
    assertThat(browser.findElement(By.id("summary")).getAttribute("class")).doesNotContain("updating")
        .doesNotContain("error");
    assertThat(js(browser, "return window.linli.error")).isNull();
    assertThat(fetched("api/coverage?")).satisfiesExactly(
        replaced -> assertThat(replaced).startsWith("AbortError ").contains("distance=700"),
        asked -> assertThat(asked).startsWith("ok ").contains("distance=500"));
    assertNoConsoleErrors(browser);
  }

  /**
   * Two sites placed one after the other, the second before the first's answer came: the what-if of
   * the first site alone (and its service area) is aborted; the proposal of both is answered.
   */
  @Test
  void aProposalReplacedBeforeItsAnswerIsAborted() {
    open(browser, app, "?lang=en");
    browser.findElement(By.id("whatif-toggle")).click();
    recordFetches();
    // Both clicks in one script: the second comes before the first's answer can.
    js(browser, """
        const map = window.linli.map;
        map.fire('click', { latlng: L.latLng(arguments[1], arguments[0]) });
        map.fire('click', { latlng: L.latLng(arguments[3], arguments[2]) });""",
        anchor(2).getX(), anchor(2).getY(), anchor(4).getX(), anchor(4).getY());
    waitFor(browser).until(d -> text("whatif-result").contains("+8,000"));
    waitFor(browser).until(d -> ((List<?>) js(d, "return window.linli.serviceAreas")).size() == 2);
    assertThat(fetched("api/coverage/what-if")).satisfiesExactly(
        first -> assertThat(first).startsWith("AbortError "),
        both -> assertThat(both).startsWith("ok "));
    assertThat(fetched("api/service-area?").get(0)).startsWith("AbortError ");
    assertThat(browser.findElement(By.id("whatif-result")).getAttribute("class")).doesNotContain("error");
    browser.findElement(By.id("whatif-toggle")).click();
    browser.findElement(By.id("whatif-clear")).click();
    assertNoConsoleErrors(browser);
  }
}
