package dev.quarry.pow.merkle;

import dev.quarry.pow.sha.Sha256;
import java.util.ArrayList;
import java.util.List;

/**
 * Bitcoin merkle trees over txids in internal byte order (an odd level duplicates its last node). Allocating,
 * for job construction; the per-share fold lives in the share validator.
 */
public final class Merkle {
    private Merkle() {
    }

    /**
     * The Stratum merkle branch for leaf 0 (the coinbase): the sibling hashes from the bottom up, given every txid
     * except the coinbase's.
     */
    public static byte[][] coinbaseBranch(List<byte[]> txidsWithoutCoinbase) {
        List<byte[]> level = copyChecked(txidsWithoutCoinbase);
        List<byte[]> branch = new ArrayList<>();
        // Level layout is [coinbase-side node, level...]; the coinbase side is unknown and never needed.
        while (!level.isEmpty()) {
            branch.add(level.get(0));
            List<byte[]> rest = new ArrayList<>(level.subList(1, level.size()));
            if (rest.size() % 2 == 1) {
                rest.add(rest.get(rest.size() - 1));
            }
            List<byte[]> next = new ArrayList<>(rest.size() / 2);
            for (int i = 0; i < rest.size(); i += 2) {
                next.add(hashPair(rest.get(i), rest.get(i + 1)));
            }
            level = next;
        }
        return branch.toArray(new byte[0][]);
    }

    /** The merkle root of a block's txids (coinbase first). */
    public static byte[] root(List<byte[]> txidsIncludingCoinbase) {
        List<byte[]> level = copyChecked(txidsIncludingCoinbase);
        if (level.isEmpty()) {
            throw new IllegalArgumentException("a block has at least the coinbase transaction");
        }
        while (level.size() > 1) {
            if (level.size() % 2 == 1) {
                level.add(level.get(level.size() - 1));
            }
            List<byte[]> next = new ArrayList<>(level.size() / 2);
            for (int i = 0; i < level.size(); i += 2) {
                next.add(hashPair(level.get(i), level.get(i + 1)));
            }
            level = next;
        }
        return level.get(0).clone();
    }

    /** Folds a coinbase txid up a Stratum branch: h = sha256d(h || step) for each step. */
    public static byte[] foldBranch(byte[] coinbaseTxid, byte[][] branch) {
        requireHash(coinbaseTxid, "coinbase txid");
        byte[] h = coinbaseTxid.clone();
        for (int i = 0; i < branch.length; i++) {
            requireHash(branch[i], "merkle branch step " + i);
            h = hashPair(h, branch[i]);
        }
        return h;
    }

    private static byte[] hashPair(byte[] left, byte[] right) {
        byte[] buf = new byte[64];
        System.arraycopy(left, 0, buf, 0, 32);
        System.arraycopy(right, 0, buf, 32, 32);
        return Sha256.sha256d(buf);
    }

    private static List<byte[]> copyChecked(List<byte[]> txids) {
        if (txids == null) {
            throw new IllegalArgumentException("txid list is null");
        }
        List<byte[]> out = new ArrayList<>(txids.size() + 1);
        for (int i = 0; i < txids.size(); i++) {
            requireHash(txids.get(i), "txid " + i);
            out.add(txids.get(i));
        }
        return out;
    }

    private static void requireHash(byte[] h, String what) {
        if (h == null || h.length != 32) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got "
                    + (h == null ? "null" : h.length + " bytes"));
        }
    }
}
