package dev.quarry.stratum.tx;

import dev.quarry.pow.hex.Hex;
import dev.quarry.stratum.template.TemplateTransaction;
import dev.quarry.stratum.template.sim.SimChain;
import dev.quarry.stratum.template.sim.SimChainConfig;
import dev.quarry.stratum.testutil.TestMiner;
import org.bitcoinj.core.Context;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WireFormatTest {

    @BeforeAll
    static void bitcoinjContext() {
        Context.propagate(new Context());
    }

    private static byte[] someBlock() {
        SimChain sim = new SimChain(SimChainConfig.regtest().withSeed(8).withBlockInterval(Duration.ZERO));
        return new TestMiner().mineBlock(sim.current());
    }

    @Test
    void everyTruncationOfABlockIsATypedError() {
        byte[] block = someBlock();
        assertEquals(block.length, RawBlock.parse(block).size());
        for (int len = 0; len < block.length; len++) {
            byte[] cut = Arrays.copyOf(block, len);
            assertThrows(MalformedDataException.class, () -> RawBlock.parse(cut), "length " + len);
        }
    }

    @Test
    void absurdCountsAndNonCanonicalSizesAreTypedErrors() {
        byte[] header = new byte[80];
        byte[] hugeCount = Arrays.copyOf(header, 89);
        hugeCount[80] = (byte) 0xff;
        Arrays.fill(hugeCount, 81, 89, (byte) 0x7f);
        assertThrows(MalformedDataException.class, () -> RawBlock.parse(hugeCount));
        byte[] nonCanonical = Arrays.copyOf(header, 83);
        nonCanonical[80] = (byte) 0xfd; // 0xfd 0x01 0x00 encodes 1, which fits in one byte
        nonCanonical[81] = 1;
        assertThrows(MalformedDataException.class, () -> RawBlock.parse(nonCanonical));
        assertThrows(MalformedDataException.class, () -> Transaction.parse(Hex.decode("0200000000020000")), "unknown segwit flag");
    }

    @Test
    void syntheticTransactionsAgreeWithBitcoinj() {
        SimChain sim = new SimChain(SimChainConfig.regtest().withSeed(9).withTxsPerTemplate(12).withBlockInterval(Duration.ZERO));
        for (TemplateTransaction t : sim.current().transactions()) {
            org.bitcoinj.core.Transaction theirs = org.bitcoinj.core.Transaction.read(ByteBuffer.wrap(t.data()));
            assertArrayEquals(t.txid(), theirs.getTxId().getReversedBytes());
            assertArrayEquals(t.wtxid(), theirs.getWTxId().getReversedBytes());
            Transaction ours = Transaction.parse(t.data());
            assertArrayEquals(t.data(), ours.bytes(), "round trip");
            assertEquals(theirs.getOutputSum().value, ours.totalOut());
        }
    }

    @Test
    void legacySigOpCountingFollowsCore() {
        assertEquals(1, Scripts.legacySigOps(Hex.decode("76a914d23fcdf86f7e756a64a7a9688ef9903327048ed988ac")));
        assertEquals(0, Scripts.legacySigOps(Hex.decode("0014e6f22ca44dc800e9d049621a3b9a42c509f1c4bc")));
        assertEquals(20, Scripts.legacySigOps(Hex.decode("5121" + "02" + "00".repeat(32) + "51ae")));
        assertEquals(0, Scripts.legacySigOps(Hex.decode("02acac")), "pushed bytes are data, not opcodes");
        assertEquals(1, Scripts.legacySigOps(Hex.decode("ac4c05ac")), "a truncated push stops the count");
        assertEquals(2, Scripts.legacySigOps(Hex.decode("acad")));
    }

    @Test
    void compactSizeBoundaries() {
        assertEquals("fc", Hex.encode(new ByteWriter().varInt(0xfc).toByteArray()));
        assertEquals("fdfd00", Hex.encode(new ByteWriter().varInt(0xfd).toByteArray()));
        assertEquals("fdffff", Hex.encode(new ByteWriter().varInt(0xffff).toByteArray()));
        assertEquals("fe00000100", Hex.encode(new ByteWriter().varInt(0x10000).toByteArray()));
        assertEquals("ff0000000001000000", Hex.encode(new ByteWriter().varInt(0x100000000L).toByteArray()));
        for (long v : new long[] {0, 0xfc, 0xfd, 0xffff, 0x10000, 0xffffffffL, 0x100000000L}) {
            byte[] enc = new ByteWriter().varInt(v).toByteArray();
            assertEquals(enc.length, ByteWriter.varIntSize(v));
            assertEquals(v, new ByteReader(enc).varInt("v"));
        }
    }
}
