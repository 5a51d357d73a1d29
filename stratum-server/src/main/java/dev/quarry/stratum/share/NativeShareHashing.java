package dev.quarry.stratum.share;

import dev.quarry.pow.nativeengine.NativeShareBatch;
import dev.quarry.pow.nativeengine.NativeShareValidator;
import dev.quarry.pow.nativeengine.ShaPath;
import dev.quarry.pow.share.ShareOutcome;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * libquarrysha through pow-core's {@link NativeShareValidator}: one JNI call per share, or one
 * per batch (16 AVX-512 lanes or paired SHA-NI lanes). Only constructed when the JVM chose the
 * native path.
 */
final class NativeShareHashing implements ShareHashing {

    private static final class Scratch {
        final NativeShareValidator validator = new NativeShareValidator();
        final NativeShareBatch batch = new NativeShareBatch(ShareBatcher.MAX_BATCH);
    }

    private final FastThreadLocal<Scratch> scratch = new FastThreadLocal<>() {
        @Override
        protected Scratch initialValue() {
            return new Scratch();
        }
    };

    @Override
    public String name() {
        return ShaPath.NATIVE_SHA_NI.label();
    }

    @Override
    public boolean batches() {
        return true;
    }

    @Override
    public void hashOne(CheckedShare s, ShareOutcome out) {
        SubmittedShare sub = s.submitted();
        scratch.get().validator.validate(s.prepared().shareJob(), s.extranonce1(), sub.extranonce2(), sub.ntime(), sub.nonce(), s.version(), out);
    }

    @Override
    public void hashAll(CheckedShare[] shares, ShareOutcome[] outs, int n) {
        Scratch sc = scratch.get();
        NativeShareBatch batch = sc.batch;
        try {
            for (int i = 0; i < n; i++) {
                CheckedShare s = shares[i];
                SubmittedShare sub = s.submitted();
                batch.add(s.prepared().shareJob(), s.extranonce1(), sub.extranonce2(), sub.ntime(), sub.nonce(), s.version(), outs[i]);
            }
            sc.validator.validateBatch(batch);
        } finally {
            batch.clear();
        }
    }
}
