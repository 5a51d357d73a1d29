package dev.quarry.accounting.pricing;

import java.util.Collection;

/**
 * Turns an account's credit bases into whole-satoshi credits with exact carried remainders.
 * PPS pays the subsidy part only; FPPS adds the fee part (expected fees per block), credited
 * and carried separately so that the ledger can show both kinds ({@code pps_credit},
 * {@code fpps_fee_credit}).
 */
public final class CreditCalculator {

    private final PayoutScheme scheme;
    private final int feeBps;

    public CreditCalculator(PayoutScheme scheme, int feeBps) {
        SharePricing.checkFee(feeBps);
        this.scheme = scheme;
        this.feeBps = feeBps;
    }

    /** The credit before whole-satoshi rounding. */
    public record Value(Rational pps, Rational fees) {
        public Rational total() {
            return pps.add(fees);
        }
    }

    public record Outcome(CarriedCredit pps, CarriedCredit fees) {
    }

    public Value value(Collection<CreditBasis> bases, Rational expectedFeesPerBlock) {
        Rational pps = Rational.ZERO;
        Rational fees = Rational.ZERO;
        for (CreditBasis b : bases) {
            Rational d = b.difficulty().exact();
            pps = pps.add(SharePricing.value(d, b.nBits(), Rational.of(b.subsidySat()), feeBps));
            if (scheme == PayoutScheme.FPPS && expectedFeesPerBlock.signum() > 0) {
                fees = fees.add(SharePricing.value(d, b.nBits(), expectedFeesPerBlock, feeBps));
            }
        }
        return new Value(pps, fees);
    }

    public Outcome credit(Collection<CreditBasis> bases, Rational expectedFeesPerBlock, Rational ppsCarry, Rational feeCarry) {
        Value v = value(bases, expectedFeesPerBlock);
        return new Outcome(CarriedCredit.of(ppsCarry, v.pps()), CarriedCredit.of(feeCarry, v.fees()));
    }

    public PayoutScheme scheme() {
        return scheme;
    }

    public int feeBps() {
        return feeBps;
    }
}
