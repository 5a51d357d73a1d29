package dev.quarry.app;

import dev.quarry.accounting.Accounting;
import dev.quarry.accounting.AccountingConfig;
import dev.quarry.accounting.journal.JournalConfig;
import dev.quarry.accounting.payout.Wallet;
import dev.quarry.accounting.pricing.PayoutScheme;
import dev.quarry.accounting.pricing.SubsidySchedule;
import dev.quarry.accounting.settlement.SettlementConfig;
import dev.quarry.api.ApiModule;
import dev.quarry.api.auth.ApiKeyService;
import dev.quarry.api.auth.Scope;
import dev.quarry.api.data.AccountingHolderData;
import dev.quarry.api.data.LivePoolStatus;
import dev.quarry.api.routes.ApiSettings;
import dev.quarry.config.QuarryConfig;
import dev.quarry.pow.address.BitcoinAddress;
import dev.quarry.pow.address.Network;
import dev.quarry.pow.nativeengine.NativeEngine;
import dev.quarry.pow.sha.Sha256Engines;
import dev.quarry.stratum.block.BlockStore;
import dev.quarry.stratum.block.BlockSubmitter;
import dev.quarry.ops.BlockMetrics;
import dev.quarry.ops.ShareValidationMetrics;
import dev.quarry.stratum.job.CoinbaseBuilder;
import dev.quarry.stratum.job.CoinbaseConfig;
import dev.quarry.stratum.job.JobBuilder;
import dev.quarry.stratum.job.JobManager;
import dev.quarry.stratum.server.PortConfig;
import dev.quarry.stratum.server.StratumServer;
import dev.quarry.stratum.server.StratumServerConfig;
import dev.quarry.stratum.template.TemplateSource;
import dev.quarry.stratum.template.bitcoind.BitcoindConfig;
import dev.quarry.stratum.template.bitcoind.BitcoindTemplateSource;
import dev.quarry.stratum.template.bitcoind.BitcoindWallet;
import dev.quarry.stratum.template.sim.SimChain;
import dev.quarry.stratum.template.sim.SimChainConfig;
import dev.quarry.http.HttpResult;
import dev.quarry.http.HttpRouter;
import dev.quarry.http.HttpServer;
import dev.quarry.ops.HealthChecks;
import dev.quarry.ops.ApiMetrics;
import dev.quarry.ops.ContractShareMetrics;
import dev.quarry.ops.JournalMetrics;
import dev.quarry.ops.LedgerMetrics;
import dev.quarry.ops.MetricsRegistry;
import dev.quarry.ops.NodeMetrics;
import dev.quarry.ops.PowEngineMetrics;
import dev.quarry.ops.TemplateMetrics;
import dev.quarry.accounting.journal.ShareJournal;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running Quarry: every component started in dependency order from one configuration, and
 * stopped in reverse order. Used by {@code quarry} (the CLI) and by end-to-end tests, in-process
 * or as a child JVM.
 */
public final class QuarryPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QuarryPool.class);
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** sendmany in a large wallet (coin selection) can take a while; a timed-out send stays pending until the next start. */
    static final Duration WALLET_RPC_TIMEOUT = Duration.ofSeconds(120);

    private final QuarryConfig config;
    private final PrometheusMeterRegistry metrics;
    private final HealthChecks health = new HealthChecks();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private InetSocketAddress httpAddress;
    private Accounting accounting;
    private StratumServer stratum;
    private JobManager jobs;
    private ApiModule api;
    private ApiKeyService.CreatedKey demoKey;

    /** P2WPKH of 20 zero bytes: a valid regtest address nobody holds a key for (the SimChain pays nobody real). */
    private static final byte[] DEFAULT_SIM_PAYOUT_SCRIPT = new byte[] {0x00, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private QuarryPool(QuarryConfig config) {
        this.config = config;
        this.metrics = MetricsRegistry.create();
    }

    /** Starts everything; on failure, whatever was started is stopped again and the error rethrown. */
    public static QuarryPool start(QuarryConfig config) throws Exception {
        QuarryPool pool = new QuarryPool(config);
        try {
            pool.startAll();
            return pool;
        } catch (Exception | Error e) {
            pool.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        try {
            Files.createDirectories(config.dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDir.toAbsolutePath(), e);
        }
        log.info("SHA-256 engine: {}; native engine: {}", Sha256Engines.selectedName(), NativeEngine.status().describe());
        PowEngineMetrics.bind(metrics);
        TemplateMetrics templateMetrics = new TemplateMetrics(metrics, System::nanoTime);

        // Template source: the embedded SimChain, or bitcoind nodes in priority order.
        TemplateSource chain;
        Network network;
        SimChain sim = null;
        if (config.embeddedChain()) {
            network = Network.REGTEST; // the embedded SimChain is a regtest-like chain
            sim = new SimChain(SimChainConfig.regtest().withDifficulty(config.simDifficulty)
                    .withBlockInterval(Duration.ofSeconds(config.simBlockIntervalSeconds)));
            chain = sim;
            toClose.add(sim);
        } else {
            BitcoindTemplateSource nodes = new BitcoindTemplateSource(BitcoindConfig.of(nodeConfigs()));
            chain = nodes;
            toClose.add(nodes);
            NodeMetrics.bind(metrics, nodes);
            network = nodes.fetchChainInfo().network();
            Network configured = Network.fromName(config.network);
            if (configured != network) {
                throw new dev.quarry.config.ConfigException("network", "is " + config.network + " but the node(s) run "
                        + network.name().toLowerCase(java.util.Locale.ROOT));
            }
        }

        // Accounting: SQLite under the data dir by default, PostgreSQL when db.url says so.
        SettlementConfig settlement = new SettlementConfig(SettlementConfig.DEFAULT.period(),
                config.accountingScheme.equals("fpps") ? PayoutScheme.FPPS : PayoutScheme.PPS, config.poolFeeBps,
                network == Network.REGTEST ? SubsidySchedule.REGTEST : SubsidySchedule.BITCOIN, SettlementConfig.DEFAULT.fppsWindowBlocks(),
                SettlementConfig.DEFAULT.suspendAfterUnprofitable(), SettlementConfig.DEFAULT.farmAccount(),
                SettlementConfig.DEFAULT.shareRetention());
        // The journal's log lives in the data directory even with PostgreSQL: it is what makes an
        // acknowledgement durable before the database has the share (see LoggedShareJournal).
        JournalConfig journalConfig = JournalConfig.DEFAULT.withLogDirectory(
                config.journalMode.equals("log") ? config.dataDir.resolve("journal") : null);
        AccountingConfig accountingConfig = AccountingConfig.defaults(network).withSettlement(settlement).withJournal(journalConfig);
        // Payouts: the SimChain's wallet, or bitcoind's wallet RPC on the first node (a wallet lives on
        // one node: never fail over to another node's wallet, it could not find the first one's sends).
        Wallet wallet = sim != null ? new SimChainWallet(sim)
                : new BitcoindWallet(nodeConfigs().get(0), config.nodeWallet, WALLET_RPC_TIMEOUT);
        accounting = config.dbUrl.startsWith("jdbc:postgresql:")
                ? Accounting.openPostgresql(config.dbUrl, config.dbUser, config.dbPassword, accountingConfig, wallet, Clock.systemUTC())
                : Accounting.openSqlite(config.dataDir, accountingConfig, wallet, Clock.systemUTC());
        toClose.add(accounting);
        JournalMetrics.bind(metrics, accounting.journal());
        new LedgerMetrics(metrics, accounting, Clock.systemUTC(), Duration.ofSeconds(10));
        // First start on the embedded defaults: the demo contract exists before the first miner can authorize.
        boolean firstStart = config.dbUrl.startsWith("jdbc:sqlite:")
                && accounting.contracts().contract(Accounting.DEMO_CONTRACT).isEmpty();
        if (firstStart) accounting.createDemo();

        // Jobs and blocks.
        String payout = config.payoutAddress.isEmpty()
                ? BitcoinAddress.fromScriptPubKey(DEFAULT_SIM_PAYOUT_SCRIPT, network).toString()
                : config.payoutAddress;
        JobManager jobs = new JobManager(new JobBuilder(new CoinbaseBuilder(
                CoinbaseConfig.forPayoutAddress(payout, network)
                        .withPoolTag(config.poolTag.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .withExtranonceSizes(CoinbaseConfig.DEFAULT_EXTRANONCE1_SIZE, config.extranonce2Size)), config.versionMask));
        this.jobs = jobs;
        BlockSubmitter blocks = BlockSubmitter.create(new BlockStore(config.dataDir.resolve("blocks")), chain);
        toClose.add(blocks);
        BlockMetrics.bind(metrics, blocks);
        int resubmitted = blocks.recover();
        if (resubmitted > 0) log.info("resubmitting {} found block(s) whose verdict was never recorded", resubmitted);
        chain.start(templateMetrics.wrap(jobs));

        // Stratum ports.
        List<PortConfig> ports = StratumPorts.fromConfig(config);
        ShareJournal journal = config.perContractLabels
                ? new ContractShareMetrics(accounting.journal(), metrics, config.perContractLimit)
                : accounting.journal();
        stratum = new StratumServer(new StratumServerConfig(ports, StratumServerConfig.of(ports).abuse(), config.versionMask, 0, true), jobs,
                journal, blocks, new ContractAuthorizer(accounting, 30_000), metrics);
        toClose.add(stratum);
        ShareValidationMetrics.bind(metrics, stratum);
        stratum.start();

        // Settlement runs every minute; it closes whatever periods are due.
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quarry-settlement");
            t.setDaemon(true);
            return t;
        });
        toClose.add(timers::shutdownNow);
        timers.scheduleWithFixedDelay(() -> {
            try {
                // Shares acknowledged before now belong in the periods closed now: let the journal
                // store what its log holds first (milliseconds; bounded).
                accounting.journal().awaitStored(java.time.Duration.ofSeconds(10));
                accounting.settlement().settleDue(Instant.now());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("settlement failed; retrying in a minute", e);
            }
        }, 1, 1, TimeUnit.MINUTES);

        // HTTP: metrics, health, holder API and dashboard.
        health.add("template", () -> jobs.currentJob() == null ? "no job yet" : null);
        health.add("journal", () -> {
            String problem = accounting.journal().healthProblem();
            if (problem != null) return problem;
            try (var c = accounting.database().dataSource().getConnection()) {
                return c.isValid(2) ? null : "database connection not valid";
            } catch (java.sql.SQLException e) {
                return "database unavailable";
            }
        });
        AccountingHolderData holderData = new AccountingHolderData(accounting);
        LivePoolStatus poolStatus = new LivePoolStatus(stratum::readySessionCount, jobs::currentJob, blocks::blocks,
                holderData, System::currentTimeMillis);
        api = ApiModule.create(holderData, poolStatus, () -> accounting.database().dataSource().getConnection(),
                config.dataDir, "", ApiSettings.defaults());
        HttpRouter router = new HttpRouter()
                .route("GET", "/metrics", r -> new HttpResult(200, PROMETHEUS_CONTENT_TYPE,
                        metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of()))
                .route("GET", "/health/live", r -> health.live())
                .route("GET", "/health/ready", r -> health.ready());
        api.gateway().setObserver(new ApiMetrics(metrics));
        api.mount(router);
        var workerEvents = api.workerEvents();
        stratum.setWorkerActivityListener(new dev.quarry.stratum.session.WorkerActivityListener() {
            @Override
            public void difficultyChanged(String worker, double difficulty) {
                workerEvents.difficultyChanged(worker, difficulty);
            }

            @Override
            public void shareRejected(String worker, String reason, long timeMillis) {
                workerEvents.shareRejected(worker, reason, timeMillis);
            }
        });
        HttpServer http = new HttpServer(router, 64 * 1024, 4);
        toClose.add(http);
        httpAddress = http.start(config.httpBind, config.httpPort);

        demoKey = firstStart ? createDemoKey() : null;
        log.info("Stratum on {} (stratum+tcp), transport {}{}", stratum.boundAddresses("main"), stratum.transportName(),
                config.proxyProtocol ? ", PROXY protocol from " + config.trustedProxies : "");
        if (config.tlsPort != 0) log.info("Stratum TLS on {} (stratum+ssl)", stratum.boundAddresses(StratumPorts.TLS));
        log.info("HTTP on {}: dashboard /dashboard/, API /api/v1, metrics /metrics, health /health/ready", httpAddress);
        log.info("data in {} ({}), chain: {}", config.dataDir.toAbsolutePath(), QuarryConfig.redact(config.dbUrl),
                sim != null ? "embedded SimChain (regtest, difficulty " + config.simDifficulty + ", a block elsewhere every "
                        + config.simBlockIntervalSeconds + " s)" : "bitcoind " + network.name().toLowerCase(java.util.Locale.ROOT)
                        + " via " + config.nodeUrls.size() + " node(s); payouts by sendmany from "
                        + (config.nodeWallet.isEmpty() ? "the first node's default wallet" : "wallet '" + config.nodeWallet + "' on the first node"));
    }

    /** node.urls (http://user:password@host:port, in priority order) as node configurations; node.zmq-url goes to the first. */
    private List<BitcoindConfig.NodeConfig> nodeConfigs() {
        List<BitcoindConfig.NodeConfig> nodes = new ArrayList<>();
        for (int i = 0; i < config.nodeUrls.size(); i++) {
            java.net.URI u = config.nodeUrls.get(i);
            String info = u.getRawUserInfo();
            if (info == null || !info.contains(":")) {
                throw new dev.quarry.config.ConfigException("node.urls", "node " + (i + 1) + " needs user:password@ in its URL");
            }
            String user = java.net.URLDecoder.decode(info.substring(0, info.indexOf(':')), java.nio.charset.StandardCharsets.UTF_8);
            String password = java.net.URLDecoder.decode(info.substring(info.indexOf(':') + 1), java.nio.charset.StandardCharsets.UTF_8);
            java.net.URI bare = java.net.URI.create(u.getScheme() + "://" + u.getHost() + ":" + u.getPort() + (u.getRawPath() == null ? "" : u.getRawPath()));
            BitcoindConfig.NodeConfig n = BitcoindConfig.NodeConfig.withPassword("node" + (i + 1), bare, user, password);
            if (i == 0 && !config.zmqUrl.isEmpty()) n = n.withZmqHashBlock(config.zmqUrl);
            nodes.add(n);
        }
        return nodes;
    }

    /**
     * With the embedded defaults, a first start has created the demo holder with a dedicated contract
     * {@code demo} and an API key, so that a newcomer's miner (worker demo.rig1) is credited at once.
     * The key's secret is written once to the data dir (0600) and printed; it is never logged again.
     */
    private ApiKeyService.CreatedKey createDemoKey() throws IOException {
        ApiKeyService.CreatedKey key = api.keys().create(Accounting.DEMO_HOLDER, "demo", java.util.Set.of(Scope.READ, Scope.PAYOUT),
                Instant.now().getEpochSecond());
        java.nio.file.Path file = config.dataDir.resolve("demo-api-key.txt");
        Files.writeString(file, "key id: " + key.key().keyId() + "\nsecret: " + key.secret() + "\n");
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the file keeps the default permissions
        }
        System.out.println("quarry: first start: created holder '" + Accounting.DEMO_HOLDER + "' with contract '"
                + Accounting.DEMO_CONTRACT + "'; mine with worker name demo.rig1");
        System.out.println("quarry: demo API key id " + key.key().keyId() + " secret " + key.secret()
                + " (shown once; also saved in " + file.toAbsolutePath() + ")");
        return key;
    }

    /** The demo key created on this start (first start only), else null. */
    public ApiKeyService.CreatedKey demoKey() {
        return demoKey;
    }

    public StratumServer stratum() {
        return stratum;
    }

    public JobManager jobs() {
        return jobs;
    }

    public Accounting accounting() {
        return accounting;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    public HealthChecks health() {
        return health;
    }

    public InetSocketAddress httpAddress() {
        return httpAddress;
    }

    public QuarryConfig config() {
        return config;
    }

    /** Stops in reverse start order (HTTP, Stratum, blocks, journal and database, chain); never throws. */
    @Override
    public void close() {
        if (stratum != null) {
            try {
                stratum.reconnectAll(null, null, 5); // miners come back after a restart or go to their backup pool
            } catch (RuntimeException e) {
                log.debug("reconnect broadcast failed", e);
            }
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                log.warn("error while stopping {}", toClose.get(i).getClass().getSimpleName(), e);
            }
        }
        toClose.clear();
        metrics.close();
    }
}
