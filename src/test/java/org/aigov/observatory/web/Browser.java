package org.aigov.observatory.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium through its chromedriver (installed by .ci/run). */
public final class Browser {
  private Browser() {}

  /**
   * The SEVERE console entries since the log was last read, except those {@code allowed} (a page's
   * own refused request is logged by Chromium as a failed load, which is not a script error).
   */
  public static java.util.List<String> scriptErrors(WebDriver d, java.util.function.Predicate<String> allowed) {
    java.util.List<String> errors = new java.util.ArrayList<>();
    for (org.openqa.selenium.logging.LogEntry e : d.manage().logs().get("browser"))
      if (e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue() && !allowed.test(e.getMessage())) errors.add(e.getMessage());
    return errors;
  }

  /** As above, allowing failed loads. */
  public static java.util.List<String> scriptErrors(WebDriver d) {
    return scriptErrors(d, m -> m.contains("Failed to load resource"));
  }

  public static WebDriver open() throws Exception {
    Path driver = Path.of("/usr/bin/chromedriver");
    Assumptions.assumeTrue(Files.isExecutable(driver), "chromedriver not installed (apt-get install chromium chromium-driver)");
    ChromeOptions o = new ChromeOptions();
    o.setBinary("/usr/bin/chromium");
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
        "--user-data-dir=" + Files.createTempDirectory("chromium"));
    o.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL")); // tests read script errors from the console
    ChromeDriverService svc = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort().build();
    WebDriver d = new ChromeDriver(svc, o);
    d.manage().timeouts().implicitlyWait(Duration.ofSeconds(0));
    return d;
  }
}
