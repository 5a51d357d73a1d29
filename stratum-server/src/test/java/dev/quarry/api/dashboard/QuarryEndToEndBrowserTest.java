package dev.quarry.api.dashboard;

import dev.quarry.api.auth.ApiKeyService;
import dev.quarry.api.auth.Scope;
import dev.quarry.api.data.AccountingFixture;
import dev.quarry.api.data.AccountingHolderData;
import dev.quarry.api.data.LivePoolStatus;
import dev.quarry.api.routes.ApiSettings;
import dev.quarry.api.routes.ApiTestServer;
import dev.quarry.pow.address.Network;
import dev.quarry.simulate.Fleet;
import dev.quarry.simulate.FleetConfig;
import dev.quarry.simulate.ProfileMix;
import dev.quarry.simulate.ShareMode;
import dev.quarry.simulate.StratumUrl;
import dev.quarry.stratum.block.BlockStore;
import dev.quarry.stratum.block.BlockSubmitter;
import dev.quarry.stratum.job.CoinbaseBuilder;
import dev.quarry.stratum.job.CoinbaseConfig;
import dev.quarry.stratum.job.JobBuilder;
import dev.quarry.stratum.job.JobManager;
import dev.quarry.stratum.server.PortConfig;
import dev.quarry.stratum.server.StratumServer;
import dev.quarry.stratum.server.StratumServerConfig;
import dev.quarry.stratum.session.WorkerAuthorizer;
import dev.quarry.stratum.template.sim.SimChain;
import dev.quarry.stratum.template.sim.SimChainConfig;
import dev.quarry.stratum.vardiff.DifficultyPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
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
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole path in one JVM, on loopback: the embedded SimChain feeds the JobManager, the real
 * Stratum server validates shares from simulated miners (real SHA-256d, worker c1.rig{n}) and
 * acknowledges them only once the real share journal has stored them, the real settlement credits
 * them, and a holder signs in to the dashboard in headless Chromium and sees the contract, its
 * hashrate chart and the credited shares. Screenshot: target/quarry-e2e.png.
 */
@Tag("slow")
@Timeout(180)
class QuarryEndToEndBrowserTest {

    /** 2^-16: a few CPU-mined shares per second per simulated miner. */
    private static final double SHARE_DIFFICULTY = Math.pow(2, -16);

    @TempDir
    Path dir;

    @Test
    void minersSharesReachTheHoldersDashboard() throws Exception {
        long start = System.currentTimeMillis();
        try (AccountingFixture fx = new AccountingFixture(dir.resolve("data"), Clock.systemUTC());
             SimChain chain = new SimChain(SimChainConfig.regtest().withBits(AccountingFixture.NBITS_DIFF1)
                     .withBlockInterval(Duration.ofHours(1)).withSeed(7))) {
            fx.holderWithContract("alice", "c1", Instant.ofEpochMilli(start - Math.floorMod(start, 60_000L)));

            JobManager jobs = new JobManager(new JobBuilder(new CoinbaseBuilder(
                    CoinbaseConfig.forPayoutAddress(AccountingFixture.regtestAddress(1), Network.REGTEST))));
            chain.start(jobs);
            BlockSubmitter blocks = BlockSubmitter.create(new BlockStore(dir.resolve("blocks")), chain);
            WorkerAuthorizer byContract = (worker, password) -> fx.accounting.contractForWorker(worker.contract()).isPresent()
                    ? WorkerAuthorizer.Decision.allow() : WorkerAuthorizer.Decision.refuse("unknown contract " + worker.contract());
            StratumServerConfig cfg = StratumServerConfig.of(List.of(PortConfig.plain("main", List.of("127.0.0.1"), 0,
                    DifficultyPolicy.fixed(SHARE_DIFFICULTY), 4))).withIoThreads(1);
            StratumServer stratum = new StratumServer(cfg, jobs, fx.accounting.journal(), blocks, byContract, new SimpleMeterRegistry());
            stratum.start();
            AccountingHolderData holderData = new AccountingHolderData(fx.accounting);
            LivePoolStatus poolStatus = new LivePoolStatus(stratum::readySessionCount, jobs::currentJob, blocks::blocks,
                    holderData, System::currentTimeMillis);
            try (ApiTestServer api = new ApiTestServer(holderData, poolStatus, dir.resolve("auth"), ApiSettings.defaults(), System.currentTimeMillis())) {
                // three simulated miners of mixed firmware profiles, hashing for real for a few seconds
                String url = "stratum+tcp://127.0.0.1:" + stratum.boundPort("main");
                FleetConfig fleet = new FleetConfig(StratumUrl.parse(url), 3, ProfileMix.parse("mix"), ShareMode.REAL, 1,
                        Duration.ofSeconds(6), 1000, "c1.rig{n}", "x", 1, 1, 1, 0, Set.of(), 5, null, false, Duration.ofSeconds(2), Duration.ZERO);
                Map<String, Object> summary = new Fleet(fleet).run(System.err).asMap();
                @SuppressWarnings("unchecked")
                long accepted = (Long) ((Map<String, Object>) summary.get("shares")).get("accepted");
                assertTrue(accepted >= 3, "miners' accepted shares: " + summary.get("shares"));
                assertEquals(accepted, holderData.shares("alice", new dev.quarry.api.data.HolderData.ShareFilter(null, null, 0, Long.MAX_VALUE / 2,
                        Long.MAX_VALUE, 1000)).shares().size(), "every share acknowledged to a miner is in the journal");

                // close the current one-minute period now (the miners have stopped) so every share is credited
                fx.accounting.settlement().settleDue(Instant.now().plus(Duration.ofMinutes(1)));
                long balance = holderData.balanceSats("alice");
                assertTrue(balance > 0, "credited: " + balance);

                ApiKeyService.CreatedKey key = api.key("alice", Scope.READ);
                ChromeDriver browser = BrowserSession.start(dir);
                try {
                    browser.get(api.base + "/dashboard/");
                    new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> !d.findElement(By.id("pool-height")).getText().equals("–"));
                    assertEquals("1", browser.findElement(By.id("pool-height")).getText(), "SimChain height of the job being mined");
                    browser.findElement(By.id("key-id")).sendKeys(key.key().keyId());
                    browser.findElement(By.id("key-secret")).sendKeys(key.secret());
                    browser.findElement(By.id("signin-button")).click();
                    new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector("body[data-state='signed-in']")).isEmpty()
                            && !d.findElements(By.cssSelector(".chart[data-contract='c1'] canvas")).isEmpty());

                    WebElement contract = browser.findElement(By.cssSelector("#contracts tbody tr[data-contract='c1']"));
                    assertTrue(contract.getText().contains("active"), contract.getText());
                    Object nonZero = browser.executeScript("const u = window.quarryCharts['c1']; return u ? u.data[1].filter(v => v > 0).length : -1;");
                    assertTrue(((Number) nonZero).longValue() >= 1, "non-empty hashrate chart: " + nonZero);
                    List<WebElement> shares = browser.findElements(By.cssSelector("#shares tbody tr"));
                    assertEquals(Math.min(50, accepted), shares.size(), "every accepted share (up to the page size) is listed");
                    // 2^-16 × 5e9 sat on a difficulty-1 network = 76293.9453125 sat, shown to 8 places
                    for (WebElement s : shares) assertTrue(s.getText().contains("76293.94531250"), s.getText());
                    assertTrue(browser.findElement(By.id("balance")).getText().contains(String.format("%,d", balance)));
                    Path shot = Path.of("target", "quarry-e2e.png");
                    Files.createDirectories(shot.getParent());
                    Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    browser.quit();
                }
            } finally {
                stratum.close();
                blocks.close();
            }
        }
    }
}
