package dev.quarry.simulate;

import dev.quarry.pow.header.StratumCodec;
import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.sha.Sha256Engine;
import dev.quarry.pow.share.ShareJob;
import dev.quarry.pow.share.ShareOutcome;
import dev.quarry.pow.share.ShareValidator;
import dev.quarry.pow.target.Difficulty;
import dev.quarry.pow.target.Target256;

import java.util.ArrayList;
import java.util.List;

/**
 * Real hashing over one {@link WorkUnit}: the header is built once with pow-core's
 * {@link ShareValidator} (coinbase, merkle root, rolled version), then only the nonce bytes change,
 * as on an ASIC. Every hit is re-checked through the full validator before it is reported. One
 * instance per thread (it owns scratch buffers and a hashing engine).
 */
final class NonceSearch {

    private final Sha256Engine engine;
    private final ShareValidator validator;
    private final ShareOutcome outcome = new ShareOutcome();
    private final byte[] header = new byte[80];
    private final byte[] hash = new byte[32];

    private WorkUnit work;
    private ShareJob shareJob;
    private byte[] extranonce1;
    private byte[] extranonce2;
    private Target256 target;

    NonceSearch(Sha256Engine engine) {
        this.engine = engine;
        this.validator = new ShareValidator(engine);
    }

    /** Prepares the header for {@code w}; throws IllegalArgumentException if the job's hex is malformed. */
    void prepare(WorkUnit w) {
        MinerJob j = w.job();
        byte[][] branch = new byte[j.merkleBranch().size()][];
        for (int i = 0; i < branch.length; i++) branch[i] = Hex.decode(j.merkleBranch().get(i));
        shareJob = new ShareJob(StratumCodec.prevHashFromStratum(j.prevHash()), Hex.decode(j.coinb1()),
                Hex.decode(j.coinb2()), branch, j.version(), j.nbits());
        extranonce1 = Hex.decode(j.extranonce1());
        extranonce2 = Hex.decode(w.extranonce2());
        target = Target256.of(Difficulty.shareTarget(j.difficulty()));
        validator.validate(shareJob, extranonce1, extranonce2, j.ntime(), 0, w.rolledVersion(), outcome);
        System.arraycopy(outcome.header(), 0, header, 0, 80);
        work = w;
    }

    WorkUnit work() {
        return work;
    }

    /**
     * Hashes nonces {@code [from, from+count)} (unsigned, capped at 2^32) and returns the nonces
     * whose header meets the job's share target.
     */
    List<Integer> search(long from, int count) {
        List<Integer> found = null;
        long end = Math.min(from + count, 1L << 32);
        for (long n = from; n < end; n++) {
            int nonce = (int) n;
            header[76] = (byte) nonce;
            header[77] = (byte) (nonce >>> 8);
            header[78] = (byte) (nonce >>> 16);
            header[79] = (byte) (nonce >>> 24);
            engine.sha256d(header, 0, 80, hash, 0);
            if (target.isMetBy(hash) && confirm(nonce)) {
                if (found == null) found = new ArrayList<>(2);
                found.add(nonce);
            }
        }
        return found == null ? List.of() : found;
    }

    /** Full re-validation of a hit, so a bug in the fast path cannot produce a bogus submit. */
    boolean confirm(int nonce) {
        validator.validate(shareJob, extranonce1, extranonce2, work.job().ntime(), nonce, work.rolledVersion(), outcome);
        return outcome.meets(target);
    }
}
