package dev.quarry.pow.sha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Sha256EnginesTest {

    @Test
    void forcedChoicesAreHonoured() {
        assertEquals("jdk", Sha256Engines.select("jdk").name());
        assertEquals("java", Sha256Engines.select("java").name());
        assertThrows(IllegalArgumentException.class, () -> Sha256Engines.select("fast"));
        assertThrows(IllegalArgumentException.class, () -> Sha256Engines.create("fast"));
    }

    @Test
    void autoChoiceFollowsTheHotSpotFlags() {
        Sha256Engines.Selection auto = Sha256Engines.select("auto");
        assertTrue(Sha256Engines.names().contains(auto.name()));
        Boolean intrinsic = Sha256Engines.hotSpotFlag("UseSHA256Intrinsics");
        Boolean useSha = Sha256Engines.hotSpotFlag("UseSHA");
        if (intrinsic != null) {
            assertEquals(intrinsic ? "jdk" : "java", auto.name());
        } else if (useSha != null) {
            assertEquals(useSha ? "jdk" : "java", auto.name());
        }
        assertTrue(Sha256Engines.selectionReport().startsWith(Sha256Engines.selectedName() + " ("));
    }

    @Test
    void everyNamedEngineReportsItsName() {
        for (String name : Sha256Engines.names()) {
            assertEquals(name, Sha256Engines.create(name).name());
        }
        assertEquals(Sha256Engines.selectedName(), Sha256Engines.create().name());
    }

    @Test
    void startUpRaceMeasuresAPositiveTime() {
        long nanos = EngineRace.nanosPerHeader(new JavaSha256Engine());
        assertTrue(nanos > 0 && nanos < 10_000_000, "ns per header: " + nanos);
    }

    @Test
    void enginesRejectRangesOutsideTheirArrays() {
        for (String name : Sha256Engines.names()) {
            Sha256Engine e = Sha256Engines.create(name);
            byte[] out = new byte[32];
            assertThrows(IllegalArgumentException.class, () -> e.sha256d(new byte[10], 5, 6, out, 0), name);
            assertThrows(IllegalArgumentException.class, () -> e.sha256d(new byte[10], 0, 10, new byte[31], 0),
                    name);
            assertThrows(IllegalArgumentException.class, () -> e.sha256dPair(new byte[32], 1, new byte[32], 0, out,
                    0), name);
            // A rejected call leaves no half message behind: the next hash is still right.
            byte[] data = {1, 2, 3};
            e.sha256d(data, 0, 3, out, 0);
            assertEquals(dev.quarry.pow.hex.Hex.encode(Sha256.sha256d(data)), dev.quarry.pow.hex.Hex.encode(out),
                    name);
        }
    }
}
