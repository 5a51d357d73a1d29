package dev.quarry.stratum.share;

import dev.quarry.pow.share.ShareJob;
import dev.quarry.pow.target.Compact;
import dev.quarry.pow.target.Target256;
import dev.quarry.stratum.job.Job;

/** What validating shares of a job needs, computed once per job: the pow-core ShareJob and the network target. */
public record PreparedJob(Job job, ShareJob shareJob, Target256 networkTarget) {

    public static PreparedJob of(Job job) {
        ShareJob shareJob = new ShareJob(job.prevHash(), job.coinb1(), job.coinb2(), job.merkleBranch(), job.version(), job.bits());
        return new PreparedJob(job, shareJob, Target256.of(Compact.toTarget(job.bits())));
    }
}
