package dev.quarry.accounting;

import dev.quarry.accounting.journal.ShareJournal;
import dev.quarry.accounting.journal.JournalStats;
import dev.quarry.accounting.ledger.Ledger;
import dev.quarry.accounting.model.Contract;
import dev.quarry.accounting.model.ContractKind;
import dev.quarry.accounting.model.ContractStatus;
import dev.quarry.accounting.model.ContractStore;
import dev.quarry.accounting.model.Hashrate;
import dev.quarry.accounting.model.Holder;
import dev.quarry.accounting.payout.PayoutService;
import dev.quarry.accounting.payout.Wallet;
import dev.quarry.accounting.settlement.SettlementService;
import dev.quarry.accounting.settlement.ShareRetention;
import dev.quarry.accounting.store.Database;
import dev.quarry.pow.address.BitcoinAddress;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What the Stratum server (and the API) use of accounting: the share journal, worker
 * authorization by contract, and the services behind settlement, ledger and payouts.
 *
 * <p>On open it reconciles payouts left pending by a crash (see {@link PayoutService#reconcile()}).
 */
public final class Accounting implements AutoCloseable {

    public static final String DEMO_HOLDER = "demo-holder";
    public static final String DEMO_CONTRACT = "demo";

    private final Database db;
    private final boolean ownsDatabase;
    private final AccountingConfig config;
    private final Clock clock;
    private final ShareJournal journal;
    private final ContractStore contracts;
    private final Ledger ledger;
    private final SettlementService settlement;
    private final ShareRetention retention;
    private final PayoutService payouts;

    private Accounting(Database db, boolean ownsDatabase, AccountingConfig config, Wallet wallet, Clock clock) {
        this.db = db;
        this.ownsDatabase = ownsDatabase;
        this.config = config;
        this.clock = clock;
        this.contracts = new ContractStore(db, clock);
        this.ledger = new Ledger(db, clock);
        this.settlement = new SettlementService(db, config.settlement(), ledger, clock);
        this.retention = new ShareRetention(db, settlement);
        this.payouts = new PayoutService(db, contracts, ledger, wallet, config.payout(), clock);
        this.journal = config.journal().open(db);
        payouts.reconcile();
    }

    /** Uses {@code db} (the caller closes it). */
    public static Accounting open(Database db, AccountingConfig config, Wallet wallet, Clock clock) {
        return new Accounting(db, false, config, wallet, clock);
    }

    /** Opens the SQLite database under {@code dataDir}; {@link #close()} closes it. */
    public static Accounting openSqlite(java.nio.file.Path dataDir, AccountingConfig config, Wallet wallet, Clock clock) {
        return new Accounting(Database.sqlite(dataDir), true, config, wallet, clock);
    }

    /** Opens PostgreSQL; {@link #close()} closes the pool. */
    public static Accounting openPostgresql(String url, String user, String password, AccountingConfig config, Wallet wallet, Clock clock) {
        return new Accounting(Database.postgresql(url, user, password, null), true, config, wallet, clock);
    }

    public ShareJournal journal() {
        return journal;
    }

    public JournalStats journalStats() {
        return journal.stats();
    }

    /**
     * The contract a worker named {@code <contractId>.<rig>} mines for, if it may mine now:
     * the contract exists and is ACTIVE. Empty otherwise (unknown, pending, suspended, expired).
     * The farm account is not a contract: check {@link #isFarmAccount(String)}.
     */
    public Optional<Contract> contractForWorker(String contractId) {
        if (contractId == null || contractId.isEmpty()) return Optional.empty();
        try {
            return contracts.contract(contractId).filter(Contract::isActive);
        } catch (IllegalArgumentException malformedId) {
            return Optional.empty();
        }
    }

    /** Whether {@code account} is the provider's hosted-farm account (shares split among pooled contracts). */
    public boolean isFarmAccount(String account) {
        return config.settlement().farmAccount().equals(account);
    }

    /**
     * Creates, if missing, the demo holder and an ACTIVE dedicated contract {@code demo} (100 TH/s,
     * one year, no maintenance fee) so that a fresh pool accepts workers {@code demo.<rig>}.
     * The demo holder's payout address is a fixed, valid P2WPKH address of the configured network
     * (20 zero bytes: nobody holds its key — change it before paying anything out).
     */
    public Contract createDemo() {
        Optional<Contract> existing = contracts.contract(DEMO_CONTRACT);
        if (existing.isPresent()) return existing.get();
        if (contracts.holder(DEMO_HOLDER).isEmpty()) {
            byte[] script = new byte[22];
            script[0] = 0x00;
            script[1] = 20;
            String address = BitcoinAddress.fromScriptPubKey(script, config.network()).toString();
            contracts.createHolder(new Holder(DEMO_HOLDER, "Demo holder", address, config.network()));
        }
        Instant start = clock.instant().truncatedTo(ChronoUnit.DAYS);
        return contracts.createContract(new Contract(DEMO_CONTRACT, DEMO_HOLDER, Hashrate.ofThs("100"), start,
                start.plus(Duration.ofDays(365)), 0, 0, ContractKind.DEDICATED, ContractStatus.ACTIVE));
    }

    public ContractStore contracts() {
        return contracts;
    }

    public Ledger ledger() {
        return ledger;
    }

    public SettlementService settlement() {
        return settlement;
    }

    public ShareRetention retention() {
        return retention;
    }

    public PayoutService payouts() {
        return payouts;
    }

    public Database database() {
        return db;
    }

    /** Flushes and closes the journal (every accepted share is written), then the database if owned. */
    @Override
    public void close() {
        journal.close();
        if (ownsDatabase) db.close();
    }
}
