package dev.quarry.accounting.pricing;

import java.math.BigInteger;

/**
 * Whole satoshis credited now and the exact remainder carried to the next credit.
 * Crediting {@code carryIn + value}: pay {@code floor}, carry the fraction. However the same
 * shares are batched, the satoshis paid so far are always {@code floor(total value)}: nothing is
 * lost and nothing is paid twice.
 *
 * <p>Negative totals are not credited (a carry is always in [0, 1)); values are never negative.
 */
public record CarriedCredit(long satoshis, Rational carry) {

    public static CarriedCredit of(Rational carryIn, Rational value) {
        if (value.signum() < 0) throw new IllegalArgumentException("credit value must not be negative: " + value);
        if (carryIn.signum() < 0 || carryIn.compareTo(Rational.ONE) >= 0) {
            throw new IllegalArgumentException("carry must be in [0, 1): " + carryIn);
        }
        Rational total = carryIn.add(value);
        BigInteger whole = total.floor();
        return new CarriedCredit(whole.longValueExact(), total.subtract(Rational.of(whole)));
    }
}
