package dev.quarry.stratum.session;

import dev.quarry.stratum.vardiff.ShareDifficulty;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SentJobsTest {

    private static final ShareDifficulty[] D = {ShareDifficulty.of(1), ShareDifficulty.of(512), ShareDifficulty.of(0.5), ShareDifficulty.of(65536)};

    @Test
    void behavesLikeABoundedInsertionOrderedMapOverRandomJobStreams() {
        SplittableRandom rnd = new SplittableRandom(20261128);
        for (int max : new int[]{1, 3, 4, 5, 64}) {
            SentJobs jobs = new SentJobs(max);
            Map<String, ShareDifficulty> model = new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ShareDifficulty> eldest) {
                    return size() > max;
                }
            };
            int nextJob = 0;
            for (int step = 0; step < 20_000; step++) {
                int op = rnd.nextInt(100);
                if (op < 45) {  // a new job is sent (ids are unique and increasing, as the work source makes them)
                    String id = Integer.toHexString(nextJob++);
                    ShareDifficulty d = D[rnd.nextInt(D.length)];
                    jobs.add(id, d);
                    model.put(id, d);
                } else if (op < 99) {  // a share names a recent, old, forgotten or never-sent job
                    String id = Integer.toHexString(Math.max(0, nextJob - 1 - rnd.nextInt(2 * max + 3)) + (rnd.nextInt(10) == 0 ? 1_000_000 : 0));
                    assertSame(model.get(id), jobs.difficultyOf(id), "max " + max + " step " + step + " job " + id);
                } else {  // a new extranonce1
                    jobs.clear();
                    model.clear();
                }
                assertEquals(model.size(), jobs.size());
            }
        }
    }

    @Test
    void aJobSentTwiceAnswersWithTheLatestDifficulty() {
        SentJobs jobs = new SentJobs(8);
        jobs.add("a", D[0]);
        jobs.add("b", D[1]);
        jobs.add("a", D[2]);
        assertSame(D[2], jobs.difficultyOf("a"));
        assertSame(D[1], jobs.difficultyOf("b"));
        assertNull(jobs.difficultyOf("c"));
    }

    @Test
    void emptyAndClearedKnowNothing() {
        SentJobs jobs = new SentJobs(4);
        assertNull(jobs.difficultyOf("a"));
        jobs.add("a", D[0]);
        jobs.clear();
        assertNull(jobs.difficultyOf("a"));
        assertEquals(0, jobs.size());
        assertThrows(IllegalArgumentException.class, () -> new SentJobs(0));
    }
}
