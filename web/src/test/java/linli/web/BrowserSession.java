package linli.web;

import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A browser IT's server and Chromium ({@link MapBrowserIT#chrome}), started in the class's
 * {@code @BeforeAll} (after its data is loaded) and stopped after the class, the browser first.
 * Registered as a static {@code @RegisterExtension} field; unless made with {@link #consoleUnchecked},
 * it fails each test whose page logged an error ({@link MapBrowserIT#assertNoConsoleErrors}).
 */
final class BrowserSession implements AfterEachCallback, AfterAllCallback {
  private final boolean checkConsole;
  private RunningApp app;
  private ChromeDriver browser;

  private BrowserSession(boolean checkConsole) {
    this.checkConsole = checkConsole;
  }

  /** Checks the browser's console after each test. */
  static BrowserSession consoleChecked() {
    return new BrowserSession(true);
  }

  /** For a class that provokes console errors on purpose or checks the console itself. */
  static BrowserSession consoleUnchecked() {
    return new BrowserSession(false);
  }

  /** The server the class's pages come from: closed after the class. */
  RunningApp serve(RunningApp app) {
    this.app = app;
    return app;
  }

  /** Debian's headless Chromium as {@link MapBrowserIT#chrome} makes it: quit after the class. */
  ChromeDriver chromium() throws IOException {
    browser = MapBrowserIT.chrome();
    return browser;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (checkConsole && browser != null) {
      MapBrowserIT.assertNoConsoleErrors(browser);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      browser = null;
      if (app != null) {
        app.close();
      }
      app = null;
    }
  }
}
