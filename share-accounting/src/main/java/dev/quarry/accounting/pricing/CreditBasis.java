package dev.quarry.accounting.pricing;

import java.util.Objects;

/**
 * The exact basis of one credit: the difficulty sum of an account's shares that share one nBits
 * (hence one exact network target) and one block subsidy (one halving era).
 */
public record CreditBasis(String account, int nBits, long subsidySat, DifficultySum difficulty) {
    public CreditBasis {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(difficulty, "difficulty");
        if (subsidySat < 0) throw new IllegalArgumentException("subsidy must be >= 0");
    }
}
