package dev.quarry.accounting.pricing;

/** Block subsidy by height: 50 BTC halved every {@code halvingInterval} blocks (210,000 on mainnet/testnet/signet, 150 on regtest). */
public record SubsidySchedule(long halvingInterval) {

    public static final SubsidySchedule BITCOIN = new SubsidySchedule(210_000);
    public static final SubsidySchedule REGTEST = new SubsidySchedule(150);
    private static final long INITIAL_SUBSIDY_SAT = 50L * 100_000_000L;

    public SubsidySchedule {
        if (halvingInterval < 1) throw new IllegalArgumentException("halvingInterval must be >= 1");
    }

    public long subsidySat(long height) {
        if (height < 0) throw new IllegalArgumentException("height must be >= 0, got " + height);
        long halvings = height / halvingInterval;
        return halvings >= 64 ? 0 : INITIAL_SUBSIDY_SAT >> halvings;
    }
}
