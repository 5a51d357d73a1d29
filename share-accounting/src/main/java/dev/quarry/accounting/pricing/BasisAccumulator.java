package dev.quarry.accounting.pricing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Groups shares into exact {@link CreditBasis} sums per (account, nBits, subsidy). Pure, no I/O. */
public final class BasisAccumulator {

    private record Key(String account, int nBits, long subsidySat) {
    }

    private final SubsidySchedule subsidy;
    private final Map<Key, DifficultySum> sums = new LinkedHashMap<>();

    public BasisAccumulator(SubsidySchedule subsidy) {
        this.subsidy = subsidy;
    }

    public void add(String account, int nBits, long height, double difficulty) {
        sums.computeIfAbsent(new Key(account, nBits, subsidy.subsidySat(height)), k -> new DifficultySum()).add(difficulty);
    }

    public void add(CreditBasis basis) {
        sums.computeIfAbsent(new Key(basis.account(), basis.nBits(), basis.subsidySat()), k -> new DifficultySum()).add(basis.difficulty());
    }

    public List<CreditBasis> bases() {
        List<CreditBasis> out = new ArrayList<>();
        sums.forEach((k, v) -> out.add(new CreditBasis(k.account, k.nBits, k.subsidySat, v)));
        return out;
    }

    public Map<String, List<CreditBasis>> byAccount() {
        Map<String, List<CreditBasis>> out = new LinkedHashMap<>();
        for (CreditBasis b : bases()) out.computeIfAbsent(b.account(), a -> new ArrayList<>()).add(b);
        return out;
    }

    public static Collection<CreditBasis> of(SubsidySchedule subsidy, Iterable<CreditBasis> bases) {
        BasisAccumulator a = new BasisAccumulator(subsidy);
        for (CreditBasis b : bases) a.add(b);
        return a.bases();
    }
}
