package dev.quarry.stratum.testkit;

import dev.quarry.pow.hex.Hex;
import dev.quarry.stratum.session.ExtranonceAllocator;
import dev.quarry.stratum.session.SequentialExtranonceAllocator;

import java.util.concurrent.ConcurrentLinkedQueue;

/** Hands out the queued extranonce1 values first (the vectors need specific ones), then sequential ones. */
public final class ScriptedExtranonces implements ExtranonceAllocator {
    private final ConcurrentLinkedQueue<String> queued = new ConcurrentLinkedQueue<>();
    private final SequentialExtranonceAllocator fallback = new SequentialExtranonceAllocator(4, new byte[]{(byte) 0xee}, 60_000_000_000L, System::nanoTime, 1);

    public ScriptedExtranonces next(String hex) {
        queued.add(hex);
        return this;
    }

    @Override
    public byte[] allocate(String resumeHint) {
        String q = queued.poll();
        return q != null ? Hex.decode(q) : fallback.allocate(resumeHint);
    }

    @Override
    public void release(byte[] extranonce1) {
        if (extranonce1.length == 4 && extranonce1[0] == (byte) 0xee) fallback.release(extranonce1);
    }
}
