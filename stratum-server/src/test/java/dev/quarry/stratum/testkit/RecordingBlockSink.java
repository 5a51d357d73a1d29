package dev.quarry.stratum.testkit;

import dev.quarry.stratum.block.BlockCandidate;
import dev.quarry.stratum.block.BlockSink;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

public final class RecordingBlockSink implements BlockSink {
    private final List<BlockCandidate> found = new CopyOnWriteArrayList<>();

    @Override
    public void blockFound(BlockCandidate candidate) {
        found.add(candidate);
    }

    public List<BlockCandidate> found() {
        return found;
    }
}
