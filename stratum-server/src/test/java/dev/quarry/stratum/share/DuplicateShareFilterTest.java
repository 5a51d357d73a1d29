package dev.quarry.stratum.share;

import dev.quarry.stratum.testkit.ShareVector;
import dev.quarry.stratum.testkit.TestWorkSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DuplicateShareFilterTest {

    @Test
    void keyedOnTheHashAndPrunedWithExpiredOrStaleJobs() {
        var base = ShareVector.named("slush_docs_testnet3_block").job();
        TestWorkSource work = new TestWorkSource(TestWorkSource.renamed(base, "a", true), TestWorkSource.renamed(base, "b", false),
                TestWorkSource.renamed(base, "c", false));
        DuplicateShareFilter f = new DuplicateShareFilter();
        byte[] h = new byte[32];
        h[0] = 1;
        assertTrue(f.firstTime("a", h));
        assertFalse(f.firstTime("a", h.clone()));
        assertTrue(f.firstTime("b", h));
        assertTrue(f.firstTime("c", h));
        f.forget("c", h);
        assertTrue(f.firstTime("c", h), "a forgotten hash may come again");
        work.forget("a");
        work.markStale("b");
        f.prune(work);
        assertEquals(1, f.trackedJobs());
    }
}
