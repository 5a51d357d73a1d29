package dev.quarry.stratum.session;

import dev.quarry.stratum.vardiff.DifficultyPolicy;

/**
 * What a session needs to know about the port it was accepted on.
 *
 * @param portName        name used in logs
 * @param difficulty      starting difficulty, bounds, vardiff or static
 * @param extranonce2Size bytes of extranonce2 the miner rolls (2..16; 4 or 8 recommended)
 */
public record SessionSettings(String portName, DifficultyPolicy difficulty, int extranonce2Size) {
    public SessionSettings {
        if (extranonce2Size < 2 || extranonce2Size > 16) throw new IllegalArgumentException("extranonce2Size must be 2..16 (cgminer's range)");
    }
}
