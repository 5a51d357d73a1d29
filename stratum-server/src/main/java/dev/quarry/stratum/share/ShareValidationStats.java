package dev.quarry.stratum.share;

/**
 * What the server's share validation did so far, for metrics.
 *
 * @param engine            hashing in use: "native-sha-ni" or "java" (pow-core's ShaPath labels)
 * @param batches           native calls that validated two or more shares at once
 * @param sharesInBatches   shares validated in those calls
 * @param singleValidations shares validated one per call (Java path, or a share that waited alone)
 * @param largestBatch      the most shares one call validated (0 before the first batch)
 */
public record ShareValidationStats(String engine, long batches, long sharesInBatches, long singleValidations, long largestBatch) {

    /** Mean shares per batch call, 0 when there was none. */
    public double meanBatchSize() {
        return batches == 0 ? 0 : (double) sharesInBatches / batches;
    }
}
