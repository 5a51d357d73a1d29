package dev.quarry.stratum.block;

import dev.quarry.pow.merkle.Merkle;
import dev.quarry.pow.sha.Sha256;
import dev.quarry.stratum.job.Coinbase;
import dev.quarry.stratum.job.Job;
import dev.quarry.stratum.job.JobBuilder;
import dev.quarry.stratum.template.BlockTemplate;
import dev.quarry.stratum.template.TemplateTransaction;
import dev.quarry.stratum.tx.ByteWriter;

import java.util.Arrays;

/**
 * Assembles the full block for submitblock from a winning share (pure): the miner's 80-byte header,
 * the transaction count, the coinbase serialized with its witness (one 32-byte zero reserved value)
 * when the job's coinbase carries a witness commitment, then the template's transactions.
 */
public final class BlockAssembler {

    public byte[] assemble(BlockCandidate candidate) {
        Job job = candidate.job();
        BlockTemplate template = job.template();
        byte[] header = candidate.header();
        if (header == null || header.length != 80) throw new IllegalArgumentException("header must be 80 bytes");

        byte[] coinbase = JobBuilder.coinbase(job, candidate.extranonce1(), candidate.extranonce2());
        // The header must commit to exactly this coinbase and the job's transactions; otherwise the block
        // would be rejected as bad-txnmrklroot, and we would rather know why here.
        byte[] root = Merkle.foldBranch(Sha256.sha256d(coinbase), job.merkleBranch());
        if (!Arrays.equals(root, Arrays.copyOfRange(header, 36, 68))) {
            throw new IllegalArgumentException("header merkle root does not match the job's coinbase and extranonces");
        }
        byte[] blockCoinbase = template.defaultWitnessCommitment() != null ? Coinbase.addReservedWitness(coinbase) : coinbase;

        int size = 80 + 9 + blockCoinbase.length;
        for (TemplateTransaction tx : template.transactions()) size += tx.data().length;
        ByteWriter w = new ByteWriter(size);
        w.bytes(header);
        w.varInt(1L + template.transactions().size());
        w.bytes(blockCoinbase);
        for (TemplateTransaction tx : template.transactions()) {
            if (tx.data().length == 0) throw new IllegalArgumentException("template transaction without data cannot go into a block");
            w.bytes(tx.data());
        }
        return w.toByteArray();
    }
}
