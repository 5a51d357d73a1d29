package dev.quarry.stratum.testkit;

import dev.quarry.accounting.journal.AcceptedShare;
import dev.quarry.accounting.journal.ShareJournal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * In-memory journal. In {@link Mode#IMMEDIATE} every append completes at once; in
 * {@link Mode#HOLD} futures wait until {@link #releaseAll()}; in {@link Mode#FAIL} they fail.
 */
public final class InMemoryJournal implements ShareJournal {

    public enum Mode { IMMEDIATE, HOLD, FAIL }

    private final List<AcceptedShare> stored = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Runnable> held = new LinkedBlockingQueue<>();
    private volatile Mode mode = Mode.IMMEDIATE;

    public void mode(Mode m) {
        mode = m;
    }

    @Override
    public CompletableFuture<Void> append(AcceptedShare share) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        switch (mode) {
            case IMMEDIATE -> {
                stored.add(share);
                f.complete(null);
            }
            case HOLD -> held.add(() -> {
                stored.add(share);
                f.complete(null);
            });
            case FAIL -> f.completeExceptionally(new IllegalStateException("disk full (test)"));
        }
        return f;
    }

    public int heldCount() {
        return held.size();
    }

    public void releaseAll() {
        Runnable r;
        while ((r = held.poll()) != null) r.run();
    }

    public List<AcceptedShare> stored() {
        return stored;
    }

    @Override
    public void close() {
    }
}
