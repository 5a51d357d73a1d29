package dev.quarry.stratum.share;

import dev.quarry.pow.nativeengine.ShaPath;
import dev.quarry.pow.share.ShareOutcome;
import dev.quarry.pow.share.ShareValidator;
import io.netty.util.concurrent.FastThreadLocal;

/** pow-core's {@link ShareValidator}, one per thread (it owns its engine and scratch). */
final class JavaShareHashing implements ShareHashing {

    private final FastThreadLocal<ShareValidator> validators = new FastThreadLocal<>() {
        @Override
        protected ShareValidator initialValue() {
            return new ShareValidator();
        }
    };

    @Override
    public String name() {
        return ShaPath.JAVA.label();
    }

    @Override
    public boolean batches() {
        return false;
    }

    @Override
    public void hashOne(CheckedShare s, ShareOutcome out) {
        SubmittedShare sub = s.submitted();
        validators.get().validate(s.prepared().shareJob(), s.extranonce1(), sub.extranonce2(), sub.ntime(), sub.nonce(), s.version(), out);
    }

    @Override
    public void hashAll(CheckedShare[] shares, ShareOutcome[] outs, int n) {
        for (int i = 0; i < n; i++) hashOne(shares[i], outs[i]);
    }
}
