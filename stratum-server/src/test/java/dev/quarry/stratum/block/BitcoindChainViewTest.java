package dev.quarry.stratum.block;

import dev.quarry.stratum.template.bitcoind.BlockHeaderInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BitcoindChainViewTest {
    private static BlockHeaderInfo header(long confirmations) {
        return new BlockHeaderInfo(new byte[32], 100, confirmations, new byte[32]);
    }

    @Test
    void mapsGetBlockHeaderToConfirmationsOrphansAndUnknown() throws IOException {
        assertEquals(6, new BitcoindChainView(h -> header(6)).confirmations(new byte[32]));
        assertEquals(ChainView.ORPHANED, new BitcoindChainView(h -> header(-1)).confirmations(new byte[32]));
        assertEquals(ChainView.UNKNOWN, new BitcoindChainView(h -> null).confirmations(new byte[32]));
    }

    @Test
    void unreachableNodePropagatesSoTheSubmitterKeepsTheLastKnownState() {
        assertThrows(IOException.class, () -> new BitcoindChainView(h -> {
            throw new IOException("down");
        }).confirmations(new byte[32]));
    }
}
