package dev.quarry.stratum.template;

import java.util.function.Consumer;

/**
 * Where block templates come from: bitcoind nodes (with failover) or the embedded SimChain.
 * A source pushes every new template to its listener: a new previous block (the listener sends
 * clean jobs) or a refresh of the same block (new transactions, new time).
 */
public interface TemplateSource extends AutoCloseable {

    /** Starts producing templates; the first one is delivered as soon as it is available. */
    void start(Consumer<BlockTemplate> listener);

    /** The latest template, or null before the first one. */
    BlockTemplate current();

    /**
     * Submits a fully serialized block to the node(s).
     *
     * @return the node's verdict: null when accepted, otherwise its rejection string
     *         (Bitcoin Core's, e.g. "high-hash", "bad-txnmrklroot", "duplicate")
     * @throws java.io.IOException when no node could be reached (the caller keeps the block and retries)
     */
    String submitBlock(byte[] block) throws java.io.IOException;

    @Override
    void close();
}
