package dev.quarry.stratum.testutil;

import org.bitcoinj.core.Block;
import org.bitcoinj.core.Context;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * An independent parser for every block the tests assemble: bitcoinj reads the bytes and checks the
 * merkle root, the proof of work against the header's nBits and (when the block is meant to have a
 * correct one) the witness commitment. bitcoinj's merkle and witness checks are package-private,
 * hence the reflection.
 */
public final class BitcoinjCheck {
    private BitcoinjCheck() {
    }

    public static Block parse(byte[] bytes) {
        try {
            Context.get();
        } catch (IllegalStateException none) {
            Context.propagate(new Context()); // bitcoinj keeps a per-thread context
        }
        return Block.read(ByteBuffer.wrap(bytes));
    }

    /** Throws AssertionError unless bitcoinj agrees on the merkle root, PoW and (if asked) the witness commitment. */
    public static Block check(byte[] bytes, boolean checkWitnessCommitment) {
        Block block = parse(bytes);
        if (block.getHash().toBigInteger().compareTo(block.getDifficultyTargetAsInteger()) > 0) {
            throw new AssertionError("bitcoinj: hash " + block.getHashAsString() + " above the nBits target");
        }
        invoke(block, "checkMerkleRoot");
        if (checkWitnessCommitment) invoke(block, "checkWitnessRoot");
        return block;
    }

    private static void invoke(Block block, String method) {
        try {
            Method m = Block.class.getDeclaredMethod(method);
            m.setAccessible(true);
            m.invoke(block);
        } catch (InvocationTargetException e) {
            throw new AssertionError("bitcoinj " + method + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("bitcoinj API changed: " + method, e);
        }
    }
}
