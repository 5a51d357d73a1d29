package dev.quarry.simulate;

/** Searches nonces for miners in real mode, off the event loops. */
interface Hasher extends AutoCloseable {

    /** Replace what {@code miner} works on (new job or exhausted nonce range); null stops its work. */
    void assign(SimulatedMiner miner, WorkUnit work);

    @Override
    void close();
}
