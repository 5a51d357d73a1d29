package dev.quarry.accounting.pricing;

/** PPS pays the block subsidy per share; FPPS also pays the expected transaction fees per block. */
public enum PayoutScheme {
    PPS,
    FPPS
}
