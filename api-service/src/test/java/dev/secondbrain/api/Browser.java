package dev.secondbrain.api;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven by Debian's chromedriver (no download: both binaries are the system's), with a
 * profile of its own that is deleted when closed, so a test JVM leaves nothing in the temp folder.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final Path profile;
    private final ChromeDriverService service;
    final ChromeDriver driver;

    Browser() {
        try {
            profile = Files.createTempDirectory("chromium-page-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().withLogOutput(java.io.OutputStream.nullOutputStream()).build();
        var options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile,
                "--window-size=1100,900");
        driver = new ChromeDriver(service, options);
    }

    /** Loads the page afresh (a new fragment alone would not reload it). */
    void open(int port, String fragment) {
        driver.get("about:blank");
        driver.get("http://localhost:" + port + "/#" + fragment);
        settled();
    }

    /** Waits until the page has no request in flight and says it is done (or failed). */
    void settled() {
        waitFor(d -> {
            var state = body().getDomAttribute("data-state");
            return "0".equals(body().getDomAttribute("data-pending")) && ("done".equals(state) || "error".equals(state));
        });
    }

    <T> T waitFor(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(condition);
    }

    WebElement body() {
        return driver.findElement(By.tagName("body"));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    WebElement active() {
        return driver.switchTo().activeElement();
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** A screenshot of the viewport to target/screenshots/{name}.png for a reviewer. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            var file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            delete(profile);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
