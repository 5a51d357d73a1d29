package dev.quarry.api.dashboard;

import dev.quarry.api.auth.ApiKeyService;
import dev.quarry.api.auth.Scope;
import dev.quarry.api.data.AccountingFixture;
import dev.quarry.api.data.AccountingHolderData;
import dev.quarry.api.routes.ApiSettings;
import dev.quarry.api.routes.ApiTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in headless Chromium against the real HTTP server, with the API over the real
 * accounting storage: shares written by the real journal and credited by the real settlement.
 * Screenshots land in target/ for humans.
 */
@Tag("slow")
class DashboardBrowserTest {

    @TempDir
    Path dir;
    private AccountingFixture fx;
    private ApiTestServer api;
    private ChromeDriver browser;
    private ApiKeyService.CreatedKey key;
    private int settledShares;

    @BeforeEach
    void start() throws Exception {
        long now = System.currentTimeMillis();
        long minute = now - Math.floorMod(now, 60_000L);
        fx = new AccountingFixture(dir.resolve("data"), Clock.systemUTC());
        fx.holderWithContract("alice", "c1", Instant.ofEpochMilli(minute - 20 * 60_000L));
        // shares over the last 20 minutes from two rigs, then the closed minutes are settled (credited)
        for (int i = 0; i < 40; i++) {
            long t = minute - 20 * 60_000L + i * 30_000L + 1_000;
            fx.share("c1", i % 3 == 0 ? "rig2" : "rig1", t, AccountingFixture.SHARE_DIFFICULTY * (1 + i % 4));
            settledShares++;
        }
        fx.share("c1", "rig1", now - 1, AccountingFixture.SHARE_DIFFICULTY); // current minute: not yet credited
        fx.accounting.settlement().settleDue(Instant.ofEpochMilli(minute));
        api = new ApiTestServer(new AccountingHolderData(fx.accounting), ApiTestServer.fixedPool(), dir.resolve("auth"),
                ApiSettings.defaults(), now);
        api.module.workerEvents().shareRejected("c1.rig1", "stale", now);
        key = api.key("alice", Scope.READ);
        browser = BrowserSession.start(dir);
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.quit();
        if (api != null) api.close();
        if (fx != null) fx.close();
    }

    private WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }

    @Test
    void holderSignsInAndSeesContractHashrateChartAndCreditedShares() throws Exception {
        browser.get(api.base + "/dashboard/");
        waitUpTo(20).until(d -> !d.findElement(By.id("pool-hashrate")).getText().equals("–"));
        assertEquals("1.50 TH/s", browser.findElement(By.id("pool-hashrate")).getText());
        assertEquals(1, browser.findElements(By.cssSelector("#blocks tbody tr")).size());

        browser.findElement(By.id("key-id")).sendKeys(key.key().keyId());
        browser.findElement(By.id("key-secret")).sendKeys(key.secret());
        browser.findElement(By.id("signin-button")).click();
        waitUpTo(30).until(d -> !d.findElements(By.cssSelector("body[data-state='signed-in']")).isEmpty());
        assertEquals("", browser.findElement(By.id("signin-error")).getText());
        assertEquals("alice", browser.findElement(By.id("who")).getText());

        WebElement contractRow = browser.findElement(By.cssSelector("#contracts tbody tr[data-contract='c1']"));
        assertTrue(contractRow.getText().contains("active"), contractRow.getText());
        assertTrue(contractRow.getText().contains("10.0 TH/s"), contractRow.getText());

        // the chart is drawn by uPlot (canvas present) from a series with non-zero hashrate buckets
        waitUpTo(20).until(d -> !d.findElements(By.cssSelector(".chart[data-contract='c1'] canvas")).isEmpty());
        Object nonZero = browser.executeScript(
                "const u = window.quarryCharts['c1']; return u ? u.data[1].filter(v => v > 0).length : -1;");
        assertTrue(((Number) nonZero).longValue() >= 15, "hashrate buckets with shares: " + nonZero);

        List<WebElement> shares = browser.findElements(By.cssSelector("#shares tbody tr"));
        assertEquals(settledShares + 1, shares.size());
        assertTrue(shares.get(0).getText().contains("pending"), "newest share is in the open period: " + shares.get(0).getText());
        String oldest = shares.get(shares.size() - 1).getText();
        assertTrue(oldest.contains("4768.37158203"), "oldest share shows its credit: " + oldest);

        String balance = browser.findElement(By.id("balance")).getText();
        assertFalse(balance.startsWith("0 "), balance);
        assertTrue(browser.findElement(By.cssSelector("#workers tbody")).getText().contains("stale: 1"));
        assertFalse(browser.findElements(By.cssSelector("#earnings-chart canvas")).isEmpty(), "earnings chart drawn");
        save("dashboard-desktop.png");

        // phone-sized: nothing wider than the screen (tables scroll inside their own boxes)
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.navigate().refresh();
        waitUpTo(30).until(d -> !d.findElements(By.cssSelector("body[data-state='signed-in']")).isEmpty()
                && !d.findElements(By.cssSelector(".chart[data-contract='c1'] canvas")).isEmpty());
        Object overflow = browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
        assertTrue(((Number) overflow).longValue() <= 0, "page wider than a phone screen by " + overflow + " px");
        save("dashboard-phone.png");
    }

    @Test
    void wrongSecretShowsTheReasonAndStaysSignedOut() {
        browser.get(api.base + "/dashboard/");
        browser.findElement(By.id("key-id")).sendKeys(key.key().keyId());
        browser.findElement(By.id("key-secret")).sendKeys(key.secret() + "x");
        browser.findElement(By.id("signin-button")).click();
        waitUpTo(20).until(d -> !d.findElement(By.id("signin-error")).getText().isEmpty());
        assertTrue(browser.findElement(By.id("signin-error")).getText().contains("bad_signature"));
        assertFalse(browser.findElement(By.id("holder")).isDisplayed());
    }

    private void save(String name) throws Exception {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
