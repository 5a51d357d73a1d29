package dev.quarry.stratum.block;

import dev.quarry.stratum.template.bitcoind.BitcoindTemplateSource;
import dev.quarry.stratum.template.bitcoind.BlockHeaderInfo;

import java.io.IOException;

/** {@link ChainView} over bitcoind's getblockheader: its confirmations field already uses -1 for "not in the best chain". */
public final class BitcoindChainView implements ChainView {

    /** getblockheader for a hash (internal order); null when the node does not know the block. */
    @FunctionalInterface
    public interface HeaderLookup {
        BlockHeaderInfo lookup(byte[] hash) throws IOException;
    }

    private final HeaderLookup lookup;

    public BitcoindChainView(HeaderLookup lookup) {
        this.lookup = lookup;
    }

    public static BitcoindChainView of(BitcoindTemplateSource source) {
        return new BitcoindChainView(source::getBlockHeader);
    }

    @Override
    public long confirmations(byte[] blockHash) throws IOException {
        BlockHeaderInfo h = lookup.lookup(blockHash);
        if (h == null) return UNKNOWN;
        return h.inBestChain() ? Math.max(1, h.confirmations()) : ORPHANED;
    }
}
