package io.rechargenotify.system.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver, installed by bin/test) on the console, through
 * Selenium. Waits are Selenium's explicit waits on what the page shows, never pauses.
 */
final class Browser implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final Path profile;
    private final ChromeDriver driver;
    private final WebDriverWait wait;

    Browser(String baseUrl) {
        this.baseUrl = baseUrl;
        try {
            this.profile = Files.createTempDirectory("console-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));
        // Root in a container needs --no-sandbox; the background-networking flags keep Chromium from calling out of
        // this closed network at every start (ENVIRONMENT.md).
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getenv().getOrDefault("CHROMEDRIVER_BIN",
                        "/usr/bin/chromedriver")).toFile())
                .build();
        this.driver = new ChromeDriver(service, options);
        // a failed wait says where the browser was and what it showed
        this.wait = (WebDriverWait) new WebDriverWait(driver, WAIT).withMessage(() -> driver.getCurrentUrl() + " shows: "
                + driver.findElement(By.tagName("body")).getText());
    }

    WebDriver driver() {
        return driver;
    }

    /** Opens a console path, e.g. {@code /dead-letters?open=true}. */
    Browser open(String path) {
        driver.get(baseUrl + path);
        return this;
    }

    /** Signs in through the sign-in form and waits for the overview, which names the operator. */
    Browser signIn(String user, String password) {
        open("/login");
        driver.findElement(By.id("j_username")).sendKeys(user);
        driver.findElement(By.id("j_password")).sendKeys(password);
        driver.findElement(By.cssSelector("form[action='/j_security_check'] button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("operator"), user));
        return this;
    }

    WebElement find(By locator) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    boolean has(By locator) {
        return !driver.findElements(locator).isEmpty();
    }

    /** Clicks a button that asks for confirmation (htmx's hx-confirm) and confirms. */
    void clickAndConfirm(By button) {
        find(button).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
    }

    /** Waits until the element shows the text (an htmx swap, or a page the button led to). */
    void awaitText(By locator, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
    }

    String text(By locator) {
        return find(locator).getText();
    }

    /** The session cookie's name=value, for a request the test forges outside the browser. */
    String sessionCookie() {
        return driver.manage().getCookies().stream().filter(cookie -> cookie.getName().equals("quarkus-credential"))
                .map(Cookie::getName).findFirst()
                .map(name -> name + "=" + driver.manage().getCookieNamed(name).getValue())
                .orElseThrow(() -> new IllegalStateException("not signed in: no quarkus-credential cookie"));
    }

    /** A PNG of what the browser shows now, into {@code file}. */
    void screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
