package dev.quarry.stratum.template.sim;

import dev.quarry.pow.merkle.Merkle;
import dev.quarry.pow.target.Compact;
import dev.quarry.pow.target.Target256;
import dev.quarry.stratum.tx.RawBlock;
import dev.quarry.stratum.tx.Scripts;
import dev.quarry.stratum.tx.Transaction;
import dev.quarry.stratum.tx.TxIn;
import dev.quarry.stratum.tx.TxOut;
import dev.quarry.stratum.tx.WitnessCommitment;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The consensus checks a node applies to a submitted block, in Bitcoin Core's order and with its
 * rejection strings (validation.cpp CheckBlockHeader / CheckBlock / ContextualCheckBlockHeader /
 * ContextualCheckBlock / ConnectBlock). Pure: the chain state comes in as arguments. Inputs of
 * non-coinbase transactions are not scripts-checked; instead a transaction must be one the sim offered
 * for this tip (its fee is known), as a node would only know spends of outputs it has.
 */
final class BlockRules {
    static final long COIN = 100_000_000L;
    static final long MAX_MONEY = 21_000_000L * COIN;
    static final long MAX_BLOCK_WEIGHT = 4_000_000;
    static final long MAX_BLOCK_SIGOPS_COST = 80_000;
    static final int WITNESS_SCALE_FACTOR = 4;
    static final long MAX_FUTURE_BLOCK_TIME = 2 * 60 * 60;
    private static final long LOCKTIME_THRESHOLD = 500_000_000L;

    /** Result of the checks that need no chain state. */
    enum Kind { OK, MUTATED, INVALID }

    record Verdict(String reason, Kind kind) {
        static final Verdict OK = new Verdict(null, Kind.OK);

        static Verdict mutated(String reason) {
            return new Verdict(reason, Kind.MUTATED);
        }

        static Verdict invalid(String reason) {
            return new Verdict(reason, Kind.INVALID);
        }

        boolean ok() {
            return kind == Kind.OK;
        }
    }

    private BlockRules() {
    }

    /** Subsidy at a height: 50 BTC halved every {@code halvingInterval} blocks, zero after 64 halvings. */
    static long subsidy(long height, long halvingInterval) {
        long halvings = height / halvingInterval;
        if (halvings >= 64) return 0;
        return (50 * COIN) >> halvings;
    }

    /** CheckBlockHeader: proof of work against nBits and the chain's limit. */
    static Verdict checkProofOfWork(RawBlock block, BigInteger powLimit) {
        BigInteger target;
        try {
            target = Compact.toTarget(block.bits());
        } catch (IllegalArgumentException e) {
            return Verdict.invalid("high-hash"); // Core: negative or overflowing nBits fail CheckProofOfWork
        }
        if (target.signum() == 0 || target.compareTo(powLimit) > 0) return Verdict.invalid("high-hash");
        if (!Target256.of(target).isMetBy(block.hash())) return Verdict.invalid("high-hash");
        return Verdict.OK;
    }

    /** CheckBlock: merkle root, sizes, coinbase position, per-transaction sanity, legacy sigops. */
    static Verdict checkBlock(RawBlock block) {
        List<Transaction> txs = block.transactions();
        List<byte[]> txids = new ArrayList<>(txs.size());
        for (Transaction tx : txs) txids.add(tx.txid());
        if (txs.isEmpty() || !Arrays.equals(Merkle.root(txids), block.merkleRoot())) return Verdict.mutated("bad-txnmrklroot");
        if (isMutated(txids)) return Verdict.mutated("bad-txns-duplicate");

        if ((long) txs.size() * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT
                || (long) block.strippedSize() * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT) {
            return Verdict.invalid("bad-blk-length");
        }
        if (!txs.get(0).isCoinbase()) return Verdict.invalid("bad-cb-missing");
        for (int i = 1; i < txs.size(); i++) if (txs.get(i).isCoinbase()) return Verdict.invalid("bad-cb-multiple");
        for (Transaction tx : txs) {
            String bad = checkTransaction(tx);
            if (bad != null) return Verdict.invalid(bad);
        }
        long sigops = 0;
        for (Transaction tx : txs) sigops += tx.legacySigOps();
        if (sigops * WITNESS_SCALE_FACTOR > MAX_BLOCK_SIGOPS_COST) return Verdict.invalid("bad-blk-sigops");
        return Verdict.OK;
    }

    /**
     * Core's merkle mutation check (CVE-2012-2459, consensus/merkle.cpp): at some level two equal hashes
     * sit side by side as a pair, so a duplicated transaction list has the same root as the original.
     */
    static boolean isMutated(List<byte[]> txids) {
        List<byte[]> level = new ArrayList<>(txids);
        while (level.size() > 1) {
            for (int i = 0; i + 1 < level.size(); i += 2) if (Arrays.equals(level.get(i), level.get(i + 1))) return true;
            if (level.size() % 2 == 1) level.add(level.get(level.size() - 1));
            List<byte[]> next = new ArrayList<>(level.size() / 2);
            for (int i = 0; i < level.size(); i += 2) {
                byte[] pair = new byte[64];
                System.arraycopy(level.get(i), 0, pair, 0, 32);
                System.arraycopy(level.get(i + 1), 0, pair, 32, 32);
                next.add(dev.quarry.pow.sha.Sha256.sha256d(pair));
            }
            level = next;
        }
        return false;
    }

    /** CheckTransaction (consensus/tx_check.cpp). */
    static String checkTransaction(Transaction tx) {
        if (tx.inputs().isEmpty()) return "bad-txns-vin-empty";
        if (tx.outputs().isEmpty()) return "bad-txns-vout-empty";
        long total = 0;
        for (TxOut o : tx.outputs()) {
            if (o.value() < 0) return "bad-txns-vout-negative";
            if (o.value() > MAX_MONEY) return "bad-txns-vout-toolarge";
            total += o.value();
            if (total > MAX_MONEY) return "bad-txns-txouttotal-toolarge";
        }
        Set<String> prevouts = new HashSet<>();
        for (TxIn in : tx.inputs()) {
            if (!prevouts.add(Arrays.toString(in.prevTxid()) + ":" + in.prevVout())) return "bad-txns-inputs-duplicate";
        }
        if (tx.isCoinbase()) {
            int len = tx.inputs().get(0).scriptSig().length;
            if (len < 2 || len > 100) return "bad-cb-length";
        } else {
            for (TxIn in : tx.inputs()) if (in.isNull()) return "bad-txns-prevout-null";
        }
        return null;
    }

    /** ContextualCheckBlockHeader: difficulty, time window, version. */
    static Verdict checkHeaderContext(RawBlock block, int expectedBits, long medianTimePast, long nowSeconds) {
        if (block.bits() != expectedBits) return Verdict.invalid("bad-diffbits");
        long time = block.time() & 0xffffffffL;
        if (time <= medianTimePast) return Verdict.invalid("time-too-old");
        if (time > nowSeconds + MAX_FUTURE_BLOCK_TIME) return Verdict.invalid("time-too-new");
        if (block.version() < 4) return Verdict.invalid(String.format("bad-version(0x%08x)", block.version()));
        return Verdict.OK;
    }

    /** ContextualCheckBlock: finality, BIP34 height, witness commitment, weight. */
    static Verdict checkBlockContext(RawBlock block, long height, long medianTimePast) {
        List<Transaction> txs = block.transactions();
        for (Transaction tx : txs) if (!isFinal(tx, height, medianTimePast)) return Verdict.invalid("bad-txns-nonfinal");

        Transaction coinbase = txs.get(0);
        byte[] expect = Scripts.pushInt(height);
        byte[] scriptSig = coinbase.inputs().get(0).scriptSig();
        if (scriptSig.length < expect.length || !Arrays.equals(expect, Arrays.copyOf(scriptSig, expect.length))) {
            return Verdict.invalid("bad-cb-height");
        }

        int idx = WitnessCommitment.findIndex(coinbase.outputs());
        if (idx >= 0) {
            List<byte[]> witness = coinbase.inputs().get(0).witness();
            if (witness.size() != 1 || witness.get(0).length != 32) return Verdict.mutated("bad-witness-nonce-size");
            List<byte[]> wtxids = new ArrayList<>(txs.size());
            for (int i = 1; i < txs.size(); i++) wtxids.add(txs.get(i).wtxid());
            byte[] commitment = WitnessCommitment.commitment(WitnessCommitment.witnessRoot(wtxids), witness.get(0));
            byte[] script = coinbase.outputs().get(idx).scriptPubKey();
            if (!Arrays.equals(commitment, Arrays.copyOfRange(script, WitnessCommitment.HEADER.length, WitnessCommitment.SCRIPT_LENGTH))) {
                return Verdict.mutated("bad-witness-merkle-match");
            }
        } else {
            for (Transaction tx : txs) if (tx.hasWitness()) return Verdict.mutated("unexpected-witness");
        }
        if (block.weight() > MAX_BLOCK_WEIGHT) return Verdict.invalid("bad-blk-weight");
        return Verdict.OK;
    }

    /**
     * ConnectBlock, as far as the sim can: every non-coinbase transaction must be one it offered (else
     * its inputs are unknown), and the coinbase may claim at most subsidy plus those fees.
     */
    static Verdict connect(RawBlock block, long subsidy, Map<String, Long> knownFees) {
        long fees = 0;
        List<Transaction> txs = block.transactions();
        Set<String> included = new HashSet<>();
        for (int i = 1; i < txs.size(); i++) {
            String txid = dev.quarry.pow.hex.Hex.encode(txs.get(i).txid());
            Long fee = knownFees.get(txid);
            // unknown inputs, or the same transaction twice (its inputs are already spent)
            if (fee == null || !included.add(txid)) return Verdict.invalid("bad-txns-inputs-missingorspent");
            fees += fee;
        }
        if (txs.get(0).totalOut() > subsidy + fees) return Verdict.invalid("bad-cb-amount");
        return Verdict.OK;
    }

    private static boolean isFinal(Transaction tx, long height, long medianTimePast) {
        long lockTime = tx.lockTime() & 0xffffffffL;
        if (lockTime == 0) return true;
        if (lockTime < (lockTime < LOCKTIME_THRESHOLD ? height : medianTimePast)) return true;
        for (TxIn in : tx.inputs()) if (in.sequence() != 0xffffffff) return false;
        return true;
    }
}
