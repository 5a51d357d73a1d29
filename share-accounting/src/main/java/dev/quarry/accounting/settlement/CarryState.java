package dev.quarry.accounting.settlement;

import dev.quarry.accounting.pricing.Rational;

/** What one account carries from one settlement into the next: exact remainders (each in [0, 1) sat) and the unprofitable streak. */
public record CarryState(Rational ppsCarry, Rational feeCarry, Rational maintenanceCarry, int unprofitableStreak) {
    public static final CarryState INITIAL = new CarryState(Rational.ZERO, Rational.ZERO, Rational.ZERO, 0);
}
