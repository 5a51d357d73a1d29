package dev.quarry.stratum.server;

import io.netty.util.ResourceLeakDetector.Level;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Netty's leak detection: off by default in the server, whatever the operator sets when set. */
class LeakDetectionLevelTest {

    @Test
    void offUnlessConfigured() {
        assertEquals(Level.DISABLED, StratumServer.leakDetectionOverride(null, null));
    }

    @Test
    void theOperatorsSettingIsLeftToNettyUnderEitherPropertyName() {
        assertNull(StratumServer.leakDetectionOverride("paranoid", null));
        assertNull(StratumServer.leakDetectionOverride(null, "simple"));
    }

    @Test
    void theTestSuiteRunsWithLeakDetectionOn() {
        // pom.xml sets it for surefire, so the servers started by tests keep reporting leaks
        assertEquals("simple", System.getProperty("io.netty.leakDetection.level"));
        assertEquals(Level.SIMPLE, io.netty.util.ResourceLeakDetector.getLevel());
    }
}
