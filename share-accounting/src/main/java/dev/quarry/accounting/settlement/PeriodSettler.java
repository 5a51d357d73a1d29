package dev.quarry.accounting.settlement;

import dev.quarry.accounting.ledger.Accounts;
import dev.quarry.accounting.ledger.EntryKind;
import dev.quarry.accounting.ledger.LedgerTransaction;
import dev.quarry.accounting.model.Contract;
import dev.quarry.accounting.model.ContractKind;
import dev.quarry.accounting.model.ContractStatus;
import dev.quarry.accounting.pricing.CarriedCredit;
import dev.quarry.accounting.pricing.CreditBasis;
import dev.quarry.accounting.pricing.CreditCalculator;
import dev.quarry.accounting.pricing.DifficultySum;
import dev.quarry.accounting.pricing.PooledSplit;
import dev.quarry.accounting.pricing.Rational;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settles one period, purely (no I/O): credits, the pooled split, maintenance fees, debt and
 * suspension, and the balanced ledger transaction that records it all.
 *
 * <p>Rules:
 * <ul>
 * <li>Every account that has shares in the period is credited: a contract (dedicated rigs), the
 *     farm account (split among pooled contracts, see {@link PooledSplit}), or anything else
 *     (shares under an id that is no contract) — the latter is credited to the house account.</li>
 * <li>Maintenance fee: ACTIVE contracts pay {@code hashrate × active days of the period × fee}
 *     (exact, fraction carried).</li>
 * <li>Debt: the fee is debited in full even when the period's credits are smaller; the holder's
 *     balance then goes negative, and later credits pay the debt off before anything can be paid
 *     out (payouts need a positive balance). No separate debt account: the balance IS the debt.</li>
 * <li>A period is unprofitable for a contract that was charged a fee larger than its credits;
 *     after {@code suspendAfterUnprofitable} consecutive ones the contract is SUSPENDED (it stops
 *     mining and stops paying fees). An ACTIVE contract whose end has passed becomes EXPIRED.</li>
 * </ul>
 */
public final class PeriodSettler {

    public record Input(long settlementId, long periodStartMs, long periodEndMs, List<Contract> contracts,
                        Map<String, List<CreditBasis>> basesByAccount, Map<String, CarryState> carries,
                        Rational expectedFeesPerBlock) {
    }

    public record Result(List<ContractOutcome> outcomes, LedgerTransaction ledger, long houseSat) {
    }

    public static final String REF_TYPE = "settlement";

    private final SettlementConfig config;
    private final CreditCalculator calculator;

    public PeriodSettler(SettlementConfig config) {
        this.config = config;
        this.calculator = new CreditCalculator(config.scheme(), config.feeBps());
    }

    public Result settle(Input in) {
        long periodMs = in.periodEndMs() - in.periodStartMs();
        Map<String, Contract> contracts = new LinkedHashMap<>();
        for (Contract k : in.contracts()) contracts.put(k.id(), k);
        LedgerTransaction txn = new LedgerTransaction(REF_TYPE, Long.toString(in.settlementId()));
        List<ContractOutcome> outcomes = new ArrayList<>();
        long house = 0;

        // 1. The farm: credit it like any account, then split among the active pooled contracts.
        Map<String, long[]> pooled = new LinkedHashMap<>(); // contract -> {pps, fee}
        List<CreditBasis> farmBases = in.basesByAccount().getOrDefault(config.farmAccount(), List.of());
        CarryState farmCarry = carry(in, config.farmAccount());
        CreditCalculator.Outcome farm = calculator.credit(farmBases, in.expectedFeesPerBlock(), farmCarry.ppsCarry(), farmCarry.feeCarry());
        if (!farmBases.isEmpty() || !farmCarry.equals(CarryState.INITIAL)) {
            DifficultySum farmSum = new DifficultySum();
            farmBases.forEach(b -> farmSum.add(b.difficulty()));
            Rational measured = PooledSplit.measuredHashrateMths(farmSum.exact(), Math.max(1, periodMs / 1000));
            Map<String, Rational> weights = new LinkedHashMap<>();
            for (Contract k : contracts.values()) {
                long overlap = MaintenanceFee.overlapMs(in.periodStartMs(), in.periodEndMs(), k.start().toEpochMilli(), k.end().toEpochMilli());
                if (k.kind() == ContractKind.POOLED && k.isActive() && overlap > 0) {
                    weights.put(k.id(), Rational.of(k.hashrate().milliThs()).multiply(Rational.of(overlap, periodMs)));
                }
            }
            // weights: contracted hashrate × the fraction of the period the contract was active
            Map<String, Long> ppsSplit = PooledSplit.splitExact(farm.pps().satoshis(), weights, measured, Accounts.HOUSE);
            Map<String, Long> feeSplit = PooledSplit.splitExact(farm.fees().satoshis(), weights, measured, Accounts.HOUSE);
            for (String id : weights.keySet()) pooled.put(id, new long[]{ppsSplit.getOrDefault(id, 0L), feeSplit.getOrDefault(id, 0L)});
            long housePps = ppsSplit.getOrDefault(Accounts.HOUSE, 0L);
            long houseFee = feeSplit.getOrDefault(Accounts.HOUSE, 0L);
            txn.move(Accounts.MINING_REVENUE, Accounts.HOUSE, housePps, EntryKind.PPS_CREDIT, null);
            txn.move(Accounts.MINING_REVENUE, Accounts.HOUSE, houseFee, EntryKind.FPPS_FEE_CREDIT, null);
            house += housePps + houseFee;
            outcomes.add(new ContractOutcome(config.farmAccount(), farm.pps().satoshis(), farm.fees().satoshis(), 0, 0, 0,
                    farm.pps().satoshis() + farm.fees().satoshis(),
                    new CarryState(farm.pps().carry(), farm.fees().carry(), Rational.ZERO, 0), null));
        }

        // 2. Shares under ids that are neither a contract nor the farm: credited to the house.
        for (Map.Entry<String, List<CreditBasis>> e : in.basesByAccount().entrySet()) {
            String account = e.getKey();
            if (account.equals(config.farmAccount()) || contracts.containsKey(account)) continue;
            CarryState c = carry(in, account);
            CreditCalculator.Outcome o = calculator.credit(e.getValue(), in.expectedFeesPerBlock(), c.ppsCarry(), c.feeCarry());
            txn.move(Accounts.MINING_REVENUE, Accounts.HOUSE, o.pps().satoshis(), EntryKind.PPS_CREDIT, null);
            txn.move(Accounts.MINING_REVENUE, Accounts.HOUSE, o.fees().satoshis(), EntryKind.FPPS_FEE_CREDIT, null);
            house += o.pps().satoshis() + o.fees().satoshis();
            outcomes.add(new ContractOutcome(account, o.pps().satoshis(), o.fees().satoshis(), 0, 0, 0,
                    o.pps().satoshis() + o.fees().satoshis(), new CarryState(o.pps().carry(), o.fees().carry(), Rational.ZERO, 0), null));
        }

        // 3. Contracts: own shares, pooled part, maintenance fee, streak, status.
        for (Contract k : contracts.values()) {
            List<CreditBasis> own = in.basesByAccount().getOrDefault(k.id(), List.of());
            CarryState c = carry(in, k.id());
            long overlap = MaintenanceFee.overlapMs(in.periodStartMs(), in.periodEndMs(), k.start().toEpochMilli(), k.end().toEpochMilli());
            boolean charged = k.isActive() && overlap > 0;
            long[] pool = pooled.getOrDefault(k.id(), new long[]{0, 0});
            if (own.isEmpty() && !charged && pool[0] == 0 && pool[1] == 0) continue; // nothing happened to it
            CreditCalculator.Outcome o = calculator.credit(own, in.expectedFeesPerBlock(), c.ppsCarry(), c.feeCarry());
            CarriedCredit fee = charged
                    ? CarriedCredit.of(c.maintenanceCarry(), MaintenanceFee.value(k.hashrate().milliThs(), k.maintenanceFeeSatPerThDay(), overlap))
                    : new CarriedCredit(0, c.maintenanceCarry());
            String holder = Accounts.holder(k.holderId());
            txn.move(Accounts.MINING_REVENUE, holder, o.pps().satoshis(), EntryKind.PPS_CREDIT, k.id());
            txn.move(Accounts.MINING_REVENUE, holder, o.fees().satoshis(), EntryKind.FPPS_FEE_CREDIT, k.id());
            txn.move(Accounts.MINING_REVENUE, holder, pool[0], EntryKind.PPS_CREDIT, k.id());
            txn.move(Accounts.MINING_REVENUE, holder, pool[1], EntryKind.FPPS_FEE_CREDIT, k.id());
            txn.move(holder, Accounts.MAINTENANCE_INCOME, fee.satoshis(), EntryKind.MAINTENANCE_FEE, k.id());
            long credits = o.pps().satoshis() + o.fees().satoshis() + pool[0] + pool[1];
            long net = credits - fee.satoshis();
            int streak = !charged ? c.unprofitableStreak() : (net < 0 ? c.unprofitableStreak() + 1 : 0);
            ContractStatus status = k.status();
            if (status == ContractStatus.ACTIVE && streak >= config.suspendAfterUnprofitable()) status = ContractStatus.SUSPENDED;
            if (status == ContractStatus.ACTIVE && k.end().toEpochMilli() <= in.periodEndMs()) status = ContractStatus.EXPIRED;
            outcomes.add(new ContractOutcome(k.id(), o.pps().satoshis(), o.fees().satoshis(), pool[0], pool[1], fee.satoshis(), net,
                    new CarryState(o.pps().carry(), o.fees().carry(), fee.carry(), streak), status));
        }
        return new Result(outcomes, txn, house);
    }

    private static CarryState carry(Input in, String account) {
        return in.carries().getOrDefault(account, CarryState.INITIAL);
    }
}
