package dev.quarry.pow.nativeengine;

import dev.quarry.pow.share.ShareJob;
import java.util.SplittableRandom;

/** Random jobs and submits in the shapes a pool sees (0-12 branch levels, short extranonces). */
final class RandomShares {

    final ShareJob[] jobs;
    private final SplittableRandom rnd;

    RandomShares(long seed, int jobCount) {
        rnd = new SplittableRandom(seed);
        jobs = new ShareJob[jobCount];
        for (int i = 0; i < jobCount; i++) {
            byte[][] branch = new byte[rnd.nextInt(13)][];
            for (int k = 0; k < branch.length; k++) {
                branch[k] = bytes(32);
            }
            // coinb1 from empty to several blocks (exercises the midstate offset); coinb2 likewise
            jobs[i] = new ShareJob(bytes(32), bytes(rnd.nextInt(0, 260)), bytes(rnd.nextInt(0, 300)), branch,
                    rnd.nextInt(), rnd.nextInt());
        }
    }

    ShareJob job() {
        return jobs[rnd.nextInt(jobs.length)];
    }

    byte[] extranonce1() {
        return bytes(rnd.nextInt(0, 9));
    }

    byte[] extranonce2() {
        return bytes(rnd.nextInt(0, 17));
    }

    int nextInt() {
        return rnd.nextInt();
    }

    int nextInt(int bound) {
        return rnd.nextInt(bound);
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }
}
