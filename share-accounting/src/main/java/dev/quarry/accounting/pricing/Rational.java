package dev.quarry.accounting.pricing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An exact rational number {@code num/den} in lowest terms with {@code den > 0}. Used for every
 * monetary intermediate (credits, carried remainders, shares of a split): nothing is ever
 * rounded except where a whole satoshi is paid out, and what is not paid is carried as a Rational.
 *
 * <p>Text form (database columns): {@code "num/den"}, e.g. {@code "635758187801115234375/153720521656107008"}.
 */
public final class Rational implements Comparable<Rational> {

    public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

    private final BigInteger num;
    private final BigInteger den;

    private Rational(BigInteger num, BigInteger den) {
        this.num = num;
        this.den = den;
    }

    public static Rational of(BigInteger num, BigInteger den) {
        Objects.requireNonNull(num, "num");
        Objects.requireNonNull(den, "den");
        if (den.signum() == 0) throw new ArithmeticException("zero denominator");
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        BigInteger g = num.gcd(den);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            num = num.divide(g);
            den = den.divide(g);
        }
        if (num.signum() == 0) den = BigInteger.ONE;
        return new Rational(num, den);
    }

    public static Rational of(long num, long den) {
        return of(BigInteger.valueOf(num), BigInteger.valueOf(den));
    }

    public static Rational of(long value) {
        return of(BigInteger.valueOf(value), BigInteger.ONE);
    }

    public static Rational of(BigInteger value) {
        return of(value, BigInteger.ONE);
    }

    /** The exact value of a decimal (every binary double is a finite decimal, so this is exact for them too). */
    public static Rational of(BigDecimal value) {
        if (value.scale() <= 0) return of(value.toBigIntegerExact());
        return of(value.unscaledValue(), BigInteger.TEN.pow(value.scale()));
    }

    /** Parses the text form {@code "num/den"} (or a plain integer). */
    public static Rational parse(String text) {
        Objects.requireNonNull(text, "text");
        int slash = text.indexOf('/');
        try {
            if (slash < 0) return of(new BigInteger(text.trim()));
            return of(new BigInteger(text.substring(0, slash).trim()), new BigInteger(text.substring(slash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a rational 'num/den': '" + text + "'", e);
        }
    }

    public BigInteger numerator() {
        return num;
    }

    public BigInteger denominator() {
        return den;
    }

    public int signum() {
        return num.signum();
    }

    public Rational add(Rational o) {
        if (den.equals(o.den)) return of(num.add(o.num), den);
        return of(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
    }

    public Rational subtract(Rational o) {
        return add(o.negate());
    }

    public Rational negate() {
        return new Rational(num.negate(), den);
    }

    public Rational multiply(Rational o) {
        return of(num.multiply(o.num), den.multiply(o.den));
    }

    public Rational multiply(BigInteger o) {
        return of(num.multiply(o), den);
    }

    public Rational divide(Rational o) {
        if (o.num.signum() == 0) throw new ArithmeticException("division by zero");
        return of(num.multiply(o.den), den.multiply(o.num));
    }

    /** Largest integer <= this. */
    public BigInteger floor() {
        BigInteger[] qr = num.divideAndRemainder(den);
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    /** Smallest integer >= this. */
    public BigInteger ceil() {
        return negate().floor().negate();
    }

    /** {@code this - floor(this)}, in [0, 1). */
    public Rational fractionalPart() {
        return subtract(of(floor()));
    }

    /** For display only: the value rounded down to {@code scale} decimals. */
    public BigDecimal toBigDecimal(int scale) {
        return new BigDecimal(num).divide(new BigDecimal(den), scale, RoundingMode.FLOOR);
    }

    /** For display only: the value rounded to {@code scale} decimals with {@code mode}. */
    public BigDecimal toBigDecimal(int scale, RoundingMode mode) {
        return new BigDecimal(num).divide(new BigDecimal(den), scale, mode);
    }

    @Override
    public int compareTo(Rational o) {
        return num.multiply(o.den).compareTo(o.num.multiply(den));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rational r && num.equals(r.num) && den.equals(r.den);
    }

    @Override
    public int hashCode() {
        return num.hashCode() * 31 + den.hashCode();
    }

    @Override
    public String toString() {
        return num + "/" + den;
    }
}
